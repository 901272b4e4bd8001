/** A benchmark's JSON columns and a run's regression verdict, written and read back through here only. */
import { z } from 'zod';
import { REGRESSION_METRICS } from './regression';

const metricKeys = REGRESSION_METRICS.map((m) => m.key) as [string, ...string[]];

export const storedRegressionSchema = z.object({
  verdict: z.enum(['regression', 'improvement', 'unchanged', 'insufficient']),
  summary: z.string(),
  policy: z.object({ window: z.number(), minRuns: z.number(), alpha: z.number(), minChange: z.number() }),
  historyRunIds: z.array(z.string()),
  checks: z.array(
    z.object({
      metric: z.enum(metricKeys),
      label: z.string(),
      unit: z.string(),
      value: z.number(),
      historyMean: z.number(),
      historyRuns: z.number(),
      change: z.number(),
      t: z.number().nullable().transform((t) => t ?? Infinity),
      p: z.number(),
      verdict: z.enum(['regression', 'improvement', 'unchanged']),
    }),
  ),
});

export type StoredRegression = z.output<typeof storedRegressionSchema>;

export function parseStoredRegression(json: unknown): StoredRegression | undefined {
  const parsed = storedRegressionSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
