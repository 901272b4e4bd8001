import { download, exportFormat, problem, runRoute } from '@/app/api/handler';
import { runCsv, runExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/export?format=json|csv — the run's config, labels, summary and per-second series. */
export const GET = runRoute('viewer', 'export runs', async (request, id) => {
  const format = exportFormat(request);
  if (!format) return problem(400, 'format must be json or csv');
  const data = await runExport(id);
  if (!data) return problem(404, `no run ${id}`);
  return download(format, `run-${id}`, data, runCsv);
});
