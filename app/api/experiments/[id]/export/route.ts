import { download, exportFormat, htmlDownload, problem, runRoute, wantsHtml } from '@/app/api/handler';
import { experimentCsv, experimentExport } from '@/lib/experiments/export';
import { experimentReportHtml } from '@/lib/reports/report';

export const dynamic = 'force-dynamic';

/** GET /api/experiments/<id>/export?format=json|csv|html — the experiment, its result and its runs (html: one file that opens offline). */
export const GET = runRoute('viewer', 'export experiments', async (request, id) => {
  const html = wantsHtml(request);
  const format = exportFormat(request);
  if (!format && !html) return problem(400, 'format must be json, csv or html');
  const data = await experimentExport(id);
  if (!data) return problem(404, `no experiment ${id}`);
  if (html) return htmlDownload(`experiment-${id}`, experimentReportHtml(data));
  return download(format!, `experiment-${id}`, data, experimentCsv);
});
