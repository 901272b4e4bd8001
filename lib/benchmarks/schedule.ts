/** Benchmark schedules: cron expressions in UTC, checked the way the job queue will read them (cron-parser). */
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

export const scheduleSchema = z
  .string()
  .trim()
  .max(100, 'a schedule is at most 100 characters')
  .transform((text, ctx) => {
    if (!text) return null;
    if (text.split(/\s+/).length !== 5) {
      ctx.addIssue({ code: 'custom', message: 'write five fields, minute hour day-of-month month day-of-week (UTC), e.g. "0 3 * * *" for 03:00 every day' });
      return z.NEVER;
    }
    try {
      CronExpressionParser.parse(text, { tz: 'UTC', strict: false });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a cron expression: ${error instanceof Error ? error.message : String(error)}; e.g. "0 3 * * *" for 03:00 UTC every day` });
      return z.NEVER;
    }
    return text.replace(/\s+/g, ' ');
  });

/** The next `count` times a schedule fires (UTC). */
export function nextOccurrences(cron: string, count = 3, from = new Date()): Date[] {
  const interval = CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: from });
  return Array.from({ length: count }, () => interval.next().toDate());
}
