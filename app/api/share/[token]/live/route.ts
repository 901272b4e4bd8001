import { liveUpdate } from '@/lib/runs/live';
import { resolveShare } from '@/lib/shares/links';

export const dynamic = 'force-dynamic';

/** Live updates for a shared run's page; the token is the only credential. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const shared = await resolveShare(token);
  if (!shared || shared.kind !== 'run') return Response.json({ error: 'this share link was revoked or does not exist' }, { status: 404 });
  return liveUpdate(shared.runIds[0], new URL(request.url).searchParams);
}
