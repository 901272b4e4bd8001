import { download, exportFormat, guarded, htmlDownload, problem, wantsHtml } from '@/app/api/handler';
import { comparisonReportHtml } from '@/lib/reports/report';
import { compareParamsSchema } from '@/lib/compare/queries';
import { comparisonCsv, comparisonExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/compare/export?runs=a,b&baseline=a&format=json|csv */
export const GET = guarded('viewer', 'export comparisons', async (request) => {
  const parsed = compareParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const html = wantsHtml(request);
  const format = exportFormat(request);
  if (!parsed.success) return problem(400, parsed.error.issues[0].message);
  if (!format && !html) return problem(400, 'format must be json, csv or html');
  const data = await comparisonExport(parsed.data.runs, parsed.data.baseline);
  if (!data) return problem(404, 'fewer than two of those runs exist');
  if (html) return htmlDownload(`comparison-${parsed.data.runs.join('-')}`, comparisonReportHtml(data));
  return download(format!, `comparison-${parsed.data.runs.join('-')}`, data, comparisonCsv);
});
