import { liveUpdate } from '@/lib/runs/live';
import { problem } from './handler';

/** The live answer as HTTP: never cached, since it changes every second. */
export async function liveResponse(runId: string, query: URLSearchParams): Promise<Response> {
  const update = await liveUpdate(runId, query);
  if (!update.ok) return problem(update.status, update.error);
  return Response.json(update.live, { headers: { 'cache-control': 'no-store' } });
}
