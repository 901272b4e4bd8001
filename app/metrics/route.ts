import { answering, guarded } from '@/app/api/handler';
import { appHealth } from '@/lib/workers/queries';
import { findPrometheus, PrometheusMetrics } from '@/lib/metrics/prometheus';

export const dynamic = 'force-dynamic';

let healthOnly: PrometheusMetrics | undefined;

async function exposition(): Promise<Response> {
  // Outside the app's own process (no run manager here): its health only.
  const metrics = findPrometheus() ?? (healthOnly ??= new PrometheusMetrics(() => appHealth(0)));
  const { contentType, body } = await metrics.scrape();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}

const withToken = guarded('viewer', 'read metrics', () => exposition());
const open = answering(() => exposition());

/**
 * GET /metrics — Prometheus text format: live run metrics and the app's health. Scrape it with an
 * API token (`authorization: Bearer gb_…`, any role), or set METRICS_PUBLIC=1 to allow it without.
 */
export async function GET(request: Request, context: { params: Promise<Record<string, never>> }): Promise<Response> {
  return process.env.METRICS_PUBLIC === '1' ? open() : withToken(request, context);
}
