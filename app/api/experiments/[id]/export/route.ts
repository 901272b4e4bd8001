import { download, exportFormat, problem, runRoute } from '@/app/api/handler';
import { experimentCsv, experimentExport } from '@/lib/experiments/export';

export const dynamic = 'force-dynamic';

/** GET /api/experiments/<id>/export?format=json|csv — the experiment, its result and its runs. */
export const GET = runRoute('viewer', 'export experiments', async (request, id) => {
  const format = exportFormat(request);
  if (!format) return problem(400, 'format must be json or csv');
  const data = await experimentExport(id);
  if (!data) return problem(404, `no experiment ${id}`);
  return download(format, `experiment-${id}`, data, experimentCsv);
});
