import { runImage } from '@/components/og/images';
import { runRequest } from '@/app/api/run-request';

export const dynamic = 'force-dynamic';

/** The PNG a run's permalink unfurls with (signed-in viewers; share links have their own). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await runRequest(request, params, 'viewer', 'see runs');
  if (run instanceof Response) return run;
  const { id } = run;
  return runImage(id);
}
