import { isRunId, RUN_ID_ERROR } from '@/lib/runs/run-id';
import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { getRunManager } from '@/lib/runs/registry';

/** POST /api/runs/<id>/cancel — stops a run in progress; what it measured so far is kept. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const allowed = await authorizeRequest(request, 'operator', 'cancel runs');
  if (!allowed.ok) return refusal(allowed);
  const { id } = await params;
  if (!isRunId(id)) return Response.json({ error: RUN_ID_ERROR }, { status: 400 });
  const cancelled = getRunManager().cancel(id);
  return Response.json(cancelled ? { cancelled } : { cancelled, error: `run ${id} is not in progress` }, { status: cancelled ? 202 : 409 });
}
