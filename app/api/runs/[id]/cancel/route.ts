import { runRequest } from '@/app/api/run-request';
import { getRunManager } from '@/lib/runs/registry';

/** POST /api/runs/<id>/cancel — stops a run in progress; what it measured so far is kept. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await runRequest(request, params, 'operator', 'cancel runs');
  if (run instanceof Response) return run;
  const { id } = run;
  const cancelled = getRunManager().cancel(id);
  return Response.json(cancelled ? { cancelled } : { cancelled, error: `run ${id} is not in progress` }, { status: cancelled ? 202 : 409 });
}
