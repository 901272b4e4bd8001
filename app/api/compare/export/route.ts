import { download, exportFormat, guarded, problem } from '@/app/api/handler';
import { compareParamsSchema } from '@/lib/compare/queries';
import { comparisonCsv, comparisonExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/compare/export?runs=a,b&baseline=a&format=json|csv */
export const GET = guarded('viewer', 'export comparisons', async (request) => {
  const parsed = compareParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const format = exportFormat(request);
  if (!parsed.success) return problem(400, parsed.error.issues[0].message);
  if (!format) return problem(400, 'format must be json or csv');
  const data = await comparisonExport(parsed.data.runs, parsed.data.baseline);
  if (!data) return problem(404, 'fewer than two of those runs exist');
  return download(format, `comparison-${parsed.data.runs.join('-')}`, data, comparisonCsv);
});
