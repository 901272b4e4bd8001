import { problem, runRoute } from '@/app/api/handler';
import { runCsv, runExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/export?format=json|csv — the run's config, labels, summary and per-second series. */
export const GET = runRoute('viewer', 'export runs', async (request, id) => {
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return problem(400, 'format must be json or csv');
  const data = await runExport(id);
  if (!data) return problem(404, `no run ${id}`);
  const disposition = { 'content-disposition': `attachment; filename="run-${id}.${format}"` };
  return format === 'csv'
    ? new Response(runCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
});
