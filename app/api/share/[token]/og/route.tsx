import { comparisonImage, experimentImage, runImage } from '@/components/og/images';
import { answering } from '@/app/api/handler';
import { resolveShare } from '@/lib/shares/links';

export const dynamic = 'force-dynamic';

/** The PNG a share link unfurls with in chat; the token is the only credential. */
export const GET = answering(async (_request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const shared = await resolveShare(token);
  if (!shared) return Response.json({ error: 'this share link was revoked or does not exist' }, { status: 404 });
  if (shared.kind === 'experiment') return experimentImage(shared.runIds[0]);
  return shared.kind === 'run' ? runImage(shared.runIds[0], 'public') : comparisonImage(shared.runIds, shared.runIds[0], 'public');
});
