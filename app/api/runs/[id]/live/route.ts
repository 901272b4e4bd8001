import { z } from 'zod';
import { getRunPoints, getRunStatus } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';

const query = z.object({ after: z.coerce.number().int().min(-1).max(10_000_000).default(-1) });

/** Live updates of a run page: its status and the seconds after `after`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: '`after` must be a whole number of seconds' }, { status: 400 });
  const status = await getRunStatus(id);
  if (!status) return Response.json({ error: `no run ${id}` }, { status: 404 });
  const points = await getRunPoints(id, parsed.data.after);
  return Response.json({ ...status, points }, { headers: { 'cache-control': 'no-store' } });
}
