import { runRequest } from '@/app/api/run-request';
import { liveUpdate } from '@/lib/runs/live';

export const dynamic = 'force-dynamic';

/** Live updates of a run page: its status and the seconds after `after`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await runRequest(request, params, 'viewer', 'see runs');
  if (run instanceof Response) return run;
  const { id } = run;
  return liveUpdate(id, new URL(request.url).searchParams);
}
