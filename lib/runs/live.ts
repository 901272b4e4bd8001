/** The live-updates answer a run page polls: its status and the seconds after `after`. */
import { z } from 'zod';
import { getRunPoints, getRunStatus } from './queries';
import { findRunManager } from './registry';

/** A live request's query: the last second the page has (`after`, -1 for none). */
export const liveQuery = z.object({ after: z.coerce.number({ error: '`after` must be a whole number of seconds' }).int('`after` must be a whole number of seconds').min(-1, '`after` must be -1 or more').max(10_000_000, '`after` is past any run’s end').default(-1) });

export async function liveUpdate(runId: string, searchParams: URLSearchParams): Promise<Response> {
  const parsed = liveQuery.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
  const live = findRunManager()?.liveView(runId, parsed.data.after);
  if (live) return Response.json(live, { headers: { 'cache-control': 'no-store' } });
  const status = await getRunStatus(runId);
  if (!status) return Response.json({ error: `no run ${runId}` }, { status: 404 });
  const points = await getRunPoints(runId, parsed.data.after);
  return Response.json({ ...status, points }, { headers: { 'cache-control': 'no-store' } });
}
