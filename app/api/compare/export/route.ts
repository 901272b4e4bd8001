import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { compareParamsSchema } from '@/lib/compare/queries';
import { comparisonCsv, comparisonExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/compare/export?runs=a,b&baseline=a&format=json|csv */
export async function GET(request: Request) {
  const allowed = await authorizeRequest(request, 'viewer', 'export comparisons');
  if (!allowed.ok) return refusal(allowed);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = compareParamsSchema.safeParse(params);
  const format = params.format ?? 'json';
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
  if (format !== 'json' && format !== 'csv') return Response.json({ error: 'format must be json or csv' }, { status: 400 });
  const data = await comparisonExport(parsed.data.runs, parsed.data.baseline);
  if (!data) return Response.json({ error: 'fewer than two of those runs exist' }, { status: 404 });
  const disposition = { 'content-disposition': `attachment; filename="comparison-${parsed.data.runs.join('-')}.${format}"` };
  return format === 'csv'
    ? new Response(comparisonCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
}
