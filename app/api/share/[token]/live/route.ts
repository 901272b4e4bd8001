import { answering, problem } from '@/app/api/handler';
import { liveResponse } from '@/app/api/live';
import { resolveShare, sharedRunId } from '@/lib/shares/links';

export const dynamic = 'force-dynamic';

/** Live updates for a shared run's page; the token is the only credential. */
export const GET = answering(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const shared = await resolveShare(token);
  if (!shared || shared.kind !== 'run') return problem(404, 'this share link was revoked or does not exist');
  const query = new URL(request.url).searchParams;
  // A sweep's link covers its stages: ?stage=<one of them>, else the stage it was shared from.
  return liveResponse(sharedRunId(shared, query.get('stage')), query);
});
