import type { Metadata } from 'next';
import Link from 'next/link';
import { requestOrigin } from '@/app/request-origin';
import { CompareCharts } from '@/components/compare/compare-charts';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { buildComparison, VERDICT_METHOD, type Cell, type ComparedRun } from '@/lib/compare/comparison';
import { compareParamsSchema, getComparisonData } from '@/lib/compare/queries';
import { formatMetricValue, runLabel } from '@/lib/compare/display';
import { decodeHistogram, percentileCurve } from '@/lib/runner/metrics/histogram';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const { runs, baseline } = await searchParams;
  if (typeof runs !== 'string') return { title: 'Compare' };
  const query = new URLSearchParams({ runs, ...(typeof baseline === 'string' ? { baseline } : {}) });
  return { title: 'Compare', metadataBase: await requestOrigin(), openGraph: { title: 'Gateway Bench comparison', images: [{ url: `/api/og/compare?${query}`, width: 1200, height: 630 }] } };
}

const VERDICT_STYLE: Record<string, string> = {
  better: 'bg-emerald-100 text-emerald-800',
  worse: 'bg-red-100 text-red-800',
  same: 'bg-slate-100 text-slate-600',
  unknown: 'bg-slate-50 text-slate-500',
};

function Change({ cell }: { cell: Cell }) {
  if (cell.change === undefined) return null;
  const sign = cell.change > 0 ? '+' : '';
  const text = `${sign}${(cell.change * 100).toFixed(1)}%`;
  const title = { better: 'a real improvement', worse: 'a real regression', same: 'within the noise', unknown: 'noise not measured for this metric' }[cell.verdict];
  return (
    <span title={title} data-verdict={cell.verdict} className={`ml-2 rounded px-1.5 py-0.5 text-xs font-medium ${VERDICT_STYLE[cell.verdict]}`}>
      {cell.verdict === 'same' ? `≈ ${text}` : text}
    </span>
  );
}

/** The two questions users ask: how a version scales with instances, and what changed between versions. */
function groupView(runs: ComparedRun[]) {
  const same = <K extends keyof ComparedRun>(key: K) => runs.every((r) => r[key] === runs[0][key]);
  const distinct = <K extends keyof ComparedRun>(key: K) => new Set(runs.map((r) => r[key])).size;
  if (same('gatewayName') && same('gatewayVersion') && distinct('instanceCount') === runs.length && runs.every((r) => r.instanceCount !== null)) {
    const sorted = [...runs].sort((a, b) => a.instanceCount! - b.instanceCount!);
    return { title: `${runs[0].gatewayName ?? 'Gateway'} ${runs[0].gatewayVersion ?? ''}: RPS and p95 by instance count`, points: sorted.map((r) => ({ label: `${r.instanceCount} inst.`, rps: r.rps, p95: r.latencyP95Ms })), scaling: true };
  }
  if (same('instanceCount') && distinct('gatewayVersion') > 1) {
    return { title: `${runs[0].instanceCount ?? '?'} instance(s): RPS and p95 by version`, points: runs.map((r) => ({ label: [r.gatewayName, r.gatewayVersion].filter(Boolean).join(' ') || r.id, rps: r.rps, p95: r.latencyP95Ms })), scaling: false };
  }
  return undefined;
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const header = <PageHeader title="Compare" description="Runs side by side: the same gateway at 2 vs 4 instances, version A vs version B, gateway X vs gateway Y. The address is the whole comparison: share it." />;
  if (!raw.runs) {
    return (
      <>
        {header}
        <EmptyState title="Nothing to compare yet" action={{ href: '/runs', label: 'Go to Runs' }}>
          Select two or more finished runs in the run history and press Compare. The comparison&apos;s address holds the whole selection, so it can be shared as a link.
        </EmptyState>
      </>
    );
  }
  const parsed = compareParamsSchema.safeParse(raw);
  if (!parsed.success) {
    return (
      <>
        {header}
        <EmptyState title="This comparison cannot be shown" action={{ href: '/runs', label: 'Pick runs' }}>{parsed.error.issues[0].message}.</EmptyState>
      </>
    );
  }
  const data = await getComparisonData(parsed.data.runs);
  if (data.runs.length < 2) {
    return (
      <>
        {header}
        <EmptyState title="Not enough of these runs exist" action={{ href: '/runs', label: 'Pick runs' }}>
          {data.missing.length ? `No run ${data.missing.join(', ')}; it may have been deleted.` : ''}
        </EmptyState>
      </>
    );
  }
  const comparison = buildComparison(data.runs, data.series, parsed.data.baseline);
  const ids = data.runs.map((r) => r.id).join(',');
  const group = groupView(data.runs);
  const href = (baseline: string) => `/compare?runs=${ids}&baseline=${baseline}`;
  const exportHref = (format: string) => `/api/compare/export?runs=${ids}&baseline=${comparison.baselineId}&format=${format}`;

  return (
    <>
      {header}
      {data.missing.length > 0 && <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">Not found, left out: {data.missing.join(', ')}.</p>}

      <section aria-label="Verdict" className="mb-4 grid gap-2">
        {comparison.summaries.map((summary) => {
          const run = data.runs.find((r) => r.id === summary.runId)!;
          return (
            <p key={summary.runId} className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm" data-testid={`verdict-${summary.runId}`}>
              <strong>{runLabel(run)}</strong> vs baseline {runLabel(data.runs.find((r) => r.id === comparison.baselineId)!)}:{' '}
              {summary.better.length === 0 && summary.worse.length === 0 && 'no real difference in RPS, latency or failure rate.'}
              {summary.better.length > 0 && <span className="text-emerald-700">better {summary.better.join(', ')}</span>}
              {summary.better.length > 0 && summary.worse.length > 0 && '; '}
              {summary.worse.length > 0 && <span className="text-red-700">worse {summary.worse.join(', ')}</span>}
              {(summary.better.length > 0 || summary.worse.length > 0) && '.'}
            </p>
          );
        })}
        <p className="text-xs text-slate-500">{VERDICT_METHOD}</p>
      </section>

      <div className="mb-6 overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label="Comparison">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-4 py-2 uppercase tracking-wide">Metric</th>
              {data.runs.map((run) => (
                <th key={run.id} className="px-4 py-2 text-right align-top font-normal">
                  <Link href={`/runs/${run.id}`} className="font-mono text-sm text-indigo-700 hover:underline">{run.id}</Link>
                  <span className="block text-sm font-medium text-slate-800">{runLabel(run)}</span>
                  <span className="block"><StatusBadge status={run.status} /></span>
                  {run.id === comparison.baselineId ? (
                    <span className="mt-1 inline-block rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800">baseline</span>
                  ) : (
                    <Link href={href(run.id)} className="mt-1 inline-block text-xs text-slate-500 hover:text-indigo-700 hover:underline">make baseline</Link>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {comparison.rows.map(({ metric, cells }) => (
              <tr key={metric.key}>
                <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">
                  {metric.label}
                  {metric.direction && <span className="ml-1 text-xs font-normal text-slate-400">({metric.direction} is better)</span>}
                </th>
                {cells.map((cell, i) => (
                  <td key={data.runs[i].id} className="px-4 py-2 text-right tabular-nums whitespace-nowrap">
                    {formatMetricValue(metric, cell.value)}
                    <Change cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
        <a href={exportHref('csv')} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>Download CSV</a>
        <a href={exportHref('json')} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>Download JSON</a>
        {group?.scaling && <Link href={`/capacity?runs=${ids}`} className="text-indigo-700 hover:underline">Plan capacity from these runs →</Link>}
      </div>

      <CompareCharts
        group={group}
        runs={data.runs.map((run) => ({
          id: run.id,
          label: `${run.id} ${runLabel(run)}`,
          curve: data.latencyHistograms.has(run.id) ? percentileCurve(decodeHistogram(data.latencyHistograms.get(run.id)!)) : [],
          seconds: (data.series.get(run.id) ?? []).map((p) => ({ second: p.second, rps: p.rps, p95Ms: p.p95Ms })),
        }))}
      />
    </>
  );
}
