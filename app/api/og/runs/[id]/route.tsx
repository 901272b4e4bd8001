import { runImage } from '@/components/og/images';
import { isRunId, RUN_ID_ERROR } from '@/lib/runs/run-id';
import { authorizeRequest, refusal } from '@/lib/auth/principal';

export const dynamic = 'force-dynamic';

/** The PNG a run's permalink unfurls with (signed-in viewers; share links have their own). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const allowed = await authorizeRequest(request, 'viewer', 'see runs');
  if (!allowed.ok) return refusal(allowed);
  const { id } = await params;
  if (!isRunId(id)) return Response.json({ error: RUN_ID_ERROR }, { status: 400 });
  return runImage(id);
}
