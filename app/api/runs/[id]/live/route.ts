import { isRunId, RUN_ID_ERROR } from '@/lib/runs/run-id';
import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { liveUpdate } from '@/lib/runs/live';

export const dynamic = 'force-dynamic';

/** Live updates of a run page: its status and the seconds after `after`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const allowed = await authorizeRequest(request, 'viewer', 'see runs');
  if (!allowed.ok) return refusal(allowed);
  const { id } = await params;
  if (!isRunId(id)) return Response.json({ error: RUN_ID_ERROR }, { status: 400 });
  return liveUpdate(id, new URL(request.url).searchParams);
}
