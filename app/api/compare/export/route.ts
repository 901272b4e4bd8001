import { guarded, problem } from '@/app/api/handler';
import { compareParamsSchema } from '@/lib/compare/queries';
import { comparisonCsv, comparisonExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/compare/export?runs=a,b&baseline=a&format=json|csv */
export const GET = guarded('viewer', 'export comparisons', async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = compareParamsSchema.safeParse(params);
  const format = params.format ?? 'json';
  if (!parsed.success) return problem(400, parsed.error.issues[0].message);
  if (format !== 'json' && format !== 'csv') return problem(400, 'format must be json or csv');
  const data = await comparisonExport(parsed.data.runs, parsed.data.baseline);
  if (!data) return problem(404, 'fewer than two of those runs exist');
  const disposition = { 'content-disposition': `attachment; filename="comparison-${parsed.data.runs.join('-')}.${format}"` };
  return format === 'csv'
    ? new Response(comparisonCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
});
