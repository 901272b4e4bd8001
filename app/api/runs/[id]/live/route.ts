import { runRoute } from '@/app/api/handler';
import { liveResponse } from '@/app/api/live';

export const dynamic = 'force-dynamic';

/** Live updates of a run page: its status and the seconds after `after`. */
export const GET = runRoute('viewer', 'see runs', async (request, id) => liveResponse(id, new URL(request.url).searchParams));
