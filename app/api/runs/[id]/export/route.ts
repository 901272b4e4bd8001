import { download, exportFormat, htmlDownload, problem, runRoute, wantsHtml } from '@/app/api/handler';
import { runReportHtml } from '@/lib/reports/report';
import { runCsv, runExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/export?format=json|csv|html — the run's config, labels, summary and per-second series (html: the one-file report). */
export const GET = runRoute('viewer', 'export runs', async (request, id) => {
  const html = wantsHtml(request);
  const format = exportFormat(request);
  if (!format && !html) return problem(400, 'format must be json, csv or html');
  const data = await runExport(id);
  if (!data) return problem(404, `no run ${id}`);
  if (html) return htmlDownload(`run-${id}`, runReportHtml(data));
  return download(format!, `run-${id}`, data, runCsv);
});
