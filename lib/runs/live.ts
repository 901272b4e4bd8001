/** The live-updates answer a run page polls: its status and the seconds after `after`. */
import { z } from 'zod';
import { getRunPoints, getRunStatus } from './queries';
import { findRunManager } from './registry';
import { BEFORE_ANY_SECOND } from './series';

/** A live request's query: the last second the page has (`after`; none: from the first warm-up second). */
export const liveQuery = z.object({
  after: z.coerce
    .number({ error: '`after` must be a whole number of seconds' })
    .int('`after` must be a whole number of seconds')
    .min(BEFORE_ANY_SECOND, `\`after\` must be ${BEFORE_ANY_SECOND} or more`)
    .max(10_000_000, '`after` is past any run’s end')
    .default(BEFORE_ANY_SECOND),
});

export type LiveUpdate = { ok: true; live: object } | { ok: false; status: 400 | 404; error: string };

/** From the run manager's memory while a stage runs, else from the database. */
export async function liveUpdate(runId: string, searchParams: URLSearchParams): Promise<LiveUpdate> {
  const parsed = liveQuery.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) return { ok: false, status: 400, error: parsed.error.issues[0].message };
  const live = findRunManager()?.liveView(runId, parsed.data.after);
  if (live) return { ok: true, live };
  const status = await getRunStatus(runId);
  if (!status) return { ok: false, status: 404, error: `no run ${runId}` };
  const points = await getRunPoints(runId, parsed.data.after);
  return { ok: true, live: { ...status, points } };
}
