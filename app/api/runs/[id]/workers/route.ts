import { runRoute } from '@/app/api/handler';
import { shardSeries } from '@/lib/workers/queries';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/workers — a split run's seconds per worker (empty for a run of one process). */
export const GET = runRoute('viewer', 'read runs', async (_request, id) => Response.json({ shards: await shardSeries(id) }, { headers: { 'cache-control': 'no-store' } }));
