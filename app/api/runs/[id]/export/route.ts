import { runRequest } from '@/app/api/run-request';
import { runCsv, runExport } from '@/lib/exports';

export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/export?format=json|csv — the run's config, labels, summary and per-second series. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await runRequest(request, params, 'viewer', 'export runs');
  if (run instanceof Response) return run;
  const { id } = run;
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return Response.json({ error: 'format must be json or csv' }, { status: 400 });
  const data = await runExport(id);
  if (!data) return Response.json({ error: `no run ${id}` }, { status: 404 });
  const disposition = { 'content-disposition': `attachment; filename="run-${id}.${format}"` };
  return format === 'csv'
    ? new Response(runCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
}
