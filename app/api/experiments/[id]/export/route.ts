import { problem, runRoute } from '@/app/api/handler';
import { experimentCsv, experimentExport } from '@/lib/experiments/export';

export const dynamic = 'force-dynamic';

/** GET /api/experiments/<id>/export?format=json|csv — the experiment, its result and its runs. */
export const GET = runRoute('viewer', 'export experiments', async (request, id) => {
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return problem(400, 'format must be json or csv');
  const data = await experimentExport(id);
  if (!data) return problem(404, `no experiment ${id}`);
  const disposition = { 'content-disposition': `attachment; filename="experiment-${id}.${format}"` };
  return format === 'csv'
    ? new Response(experimentCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
});
