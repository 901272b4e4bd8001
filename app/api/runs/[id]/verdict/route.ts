import { problem, runRoute } from '@/app/api/handler';
import { getVerdict } from '@/lib/runs/verdict';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/verdict — done or not, its status, and whether every threshold held. */
export const GET = runRoute('viewer', 'read runs', async (_request, id) => {
  const verdict = await getVerdict([id]);
  if (verdict.runs.length === 0) return problem(404, `no run ${id}`);
  return Response.json(verdict);
});
