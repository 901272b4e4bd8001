import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { getRunManager } from '@/lib/runs/registry';

/** POST /api/runs/<id>/cancel — stops a run in progress; what it measured so far is kept. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const allowed = await authorizeRequest(request, 'operator', 'cancel runs');
  if (!allowed.ok) return refusal(allowed);
  const { id } = await params;
  if (!/^[\w-]{1,16}$/.test(id)) return Response.json({ error: 'a run id looks like V1StGXR8_Z' }, { status: 400 });
  const cancelled = getRunManager().cancel(id);
  return Response.json(cancelled ? { cancelled } : { cancelled, error: `run ${id} is not in progress` }, { status: cancelled ? 202 : 409 });
}
