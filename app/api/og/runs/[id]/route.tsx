import { ImageResponse } from 'next/og';
import { OgCard } from '@/components/og/card';
import { formatCount, formatMs, formatRps } from '@/lib/format';
import { getRun } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';

/** The PNG a run's permalink unfurls with. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const run = await getRun(id);
  if (!run) return new Response('no such run', { status: 404 });
  const gateway = [run.gatewayName, run.gatewayVersion, run.instanceCount && `× ${run.instanceCount}`].filter(Boolean).join(' ') || run.targetName;
  return new ImageResponse(
    <OgCard
      title={`Run ${run.id} · ${gateway}`}
      subtitle={`${run.status} · ${run.targetName} · ${run.stageLabel ?? ''}`}
      columns={['requests', 'failures', 'p50 ms', 'p95 ms', 'p99 ms', 'RPS']}
      rows={[{ label: 'result', values: [formatCount(run.requests), formatCount(run.failures), formatMs(run.latencyP50Ms), formatMs(run.latencyP95Ms), formatMs(run.latencyP99Ms), formatRps(run.rps)] }]}
    />,
    { width: 1200, height: 630 },
  );
}
