import { ImageResponse } from 'next/og';
import { OgCard } from '@/components/og/card';
import { buildComparison } from '@/lib/compare/comparison';
import { compareParamsSchema, getComparisonData } from '@/lib/compare/queries';
import { formatMetricValue, runLabel } from '@/lib/compare/display';

export const dynamic = 'force-dynamic';

const SHOWN = ['requests', 'failureRate', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'rps'];

/** The PNG a comparison's link unfurls with: up to four runs, the headline metrics, changes. */
export async function GET(request: Request) {
  const parsed = compareParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return new Response(parsed.error.issues[0].message, { status: 400 });
  const data = await getComparisonData(parsed.data.runs.slice(0, 4));
  if (data.runs.length < 2) return new Response('fewer than two of those runs exist', { status: 404 });
  const comparison = buildComparison(data.runs, data.series, parsed.data.baseline);
  const rows = comparison.rows
    .filter((row) => SHOWN.includes(row.metric.key))
    .map((row) => ({
      label: row.metric.label,
      values: row.cells.map((cell) => {
        const value = formatMetricValue(row.metric, cell.value);
        const change = cell.change === undefined || row.metric.format === 'count' ? '' : ` (${cell.change > 0 ? '+' : ''}${(cell.change * 100).toFixed(0)}%${cell.verdict === 'same' ? ' ≈' : ''})`;
        return value + change;
      }),
    }));
  const worse = comparison.summaries.flatMap((s) => s.worse);
  const better = comparison.summaries.flatMap((s) => s.better);
  return new ImageResponse(
    <OgCard
      title={`Comparison of ${data.runs.length} runs`}
      subtitle={worse.length ? `Regressions: ${[...new Set(worse)].join(', ')}` : better.length ? `Improvements: ${[...new Set(better)].join(', ')}` : 'No real difference in RPS, latency or failure rate'}
      columns={data.runs.map(runLabel)}
      rows={rows}
    />,
    { width: 1200, height: 630 },
  );
}
