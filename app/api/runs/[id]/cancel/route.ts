import { problem, runRoute } from '@/app/api/handler';
import { getRunManager } from '@/lib/runs/registry';

/** POST /api/runs/<id>/cancel — stops a run in progress; what it measured so far is kept. */
export const POST = runRoute('operator', 'cancel runs', async (_request, id) => {
  if (!getRunManager().cancel(id)) return problem(409, `run ${id} is not in progress`, { cancelled: false });
  return Response.json({ cancelled: true }, { status: 202 });
});
