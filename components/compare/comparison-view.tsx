/**
 * A comparison's body: verdicts, the metric table with changes against the baseline, exports,
 * overlaid charts. Rendered for signed-in users (app/compare) and, read-only, for share links.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CompareCharts } from '@/components/compare/compare-charts';
import { SweepOverlay } from '@/components/compare/sweep-overlay';
import { DEFAULT_P95_LIMIT_MS } from '@/components/runs/run-view';
import { sweepCurves } from '@/lib/compare/sweeps';
import { StatusBadge } from '@/components/status-badge';
import { buildComparison, formatChange, VERDICT_METHOD, type Audience, type Cell, type ComparedRun, type MetricDefinition } from '@/lib/compare/comparison';
import type { getComparisonData } from '@/lib/compare/queries';
import { formatMetricValue, runColor } from '@/lib/compare/display';
import { isWholeMeasuredSecond } from '@/lib/runs/series';
import { ValidityBadge } from '@/components/runs/validity-note';
import { decodeHistogram, percentileCurve } from '@/lib/runner/metrics/histogram';

const VERDICT_STYLE: Record<string, string> = {
  better: 'bg-emerald-100 text-emerald-800',
  worse: 'bg-red-100 text-red-800',
  same: 'bg-slate-100 text-slate-600',
  unknown: 'bg-slate-50 text-slate-500',
};

function Change({ cell, metric }: { cell: Cell; metric: MetricDefinition }) {
  if (cell.delta === undefined) return null;
  const text = formatChange(metric, cell);
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
    return { title: runs[0].instanceCount === null ? 'RPS and p95 by version' : `${runs[0].instanceCount} instance(s): RPS and p95 by version`, points: runs.map((r) => ({ label: [r.gatewayName, r.gatewayVersion].filter(Boolean).join(' ') || r.id, rps: r.rps, p95: r.latencyP95Ms })), scaling: false };
  }
  return undefined;
}

export interface ComparisonViewProps {
  header: ReactNode;
  data: Awaited<ReturnType<typeof getComparisonData>>;
  baseline?: string;
  /** Where a run's id links to; plain text when absent (share links). */
  runHref?: (id: string) => string;
  baselineHref: (ids: string, baseline: string) => string;
  exportHref?: (ids: string, baseline: string, format: 'csv' | 'json' | 'html') => string;
  /** The share panel, given the baseline in use. */
  share?: (baselineId: string) => ReactNode;
  /** A share link's holder: runs are named without their target. */
  audience?: Audience;
  /** The p95 limit sweeps' knees are found with (ms). */
  p95Limit?: number;
}

export function ComparisonView({ header, data, baseline, runHref, baselineHref, exportHref, share, audience = 'member', p95Limit = DEFAULT_P95_LIMIT_MS }: ComparisonViewProps) {
  const comparison = buildComparison(data.runs, data.series, baseline, audience);
  const nameOf = (run: ComparedRun) => comparison.names[data.runs.indexOf(run)];
  // Each sweep is named after the first of its stages compared here.
  const curves = sweepCurves(
    data.sweeps.map((sweep) => ({ ...sweep, name: nameOf(data.runs.find((r) => r.sweepId === sweep.sweepId)!) })),
    p95Limit,
  );
  const ids = data.runs.map((r) => r.id).join(',');
  const group = groupView(data.runs);

  return (
    <>
      {header}
      {share?.(comparison.baselineId)}
      {data.missing.length > 0 && <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">Not found, left out: {data.missing.join(', ')}.</p>}

      <p data-testid="comparison-summary" className="mb-4 rounded-xl border border-indigo-200 bg-indigo-50 p-4 text-base font-medium text-indigo-950">{comparison.summary}</p>
      <section aria-label="Verdict" className="mb-4 grid gap-2">
        {comparison.summaries.map((summary) => {
          const run = data.runs.find((r) => r.id === summary.runId)!;
          return (
            <p key={summary.runId} className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm" data-testid={`verdict-${summary.runId}`}>
              <strong>{nameOf(run)}</strong> vs baseline {nameOf(data.runs.find((r) => r.id === comparison.baselineId)!)}:{' '}
              {summary.better.length === 0 && summary.worse.length === 0 && 'no real difference in RPS, latency or failure rate.'}
              {summary.better.length > 0 && <span className="text-emerald-700">better {summary.better.join(', ')}</span>}
              {summary.better.length > 0 && summary.worse.length > 0 && '; '}
              {summary.worse.length > 0 && <span className="text-red-700">worse {summary.worse.join(', ')}</span>}
              {(summary.better.length > 0 || summary.worse.length > 0) && '.'}
            </p>
          );
        })}
        <p className="text-xs text-slate-500">{VERDICT_METHOD}</p>
        {data.runs.some((run) => run.validity === 'suspect' || run.validity === 'invalid') && (
          <div role="note" aria-label="Not trustworthy" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            <p className="font-semibold">These verdicts are not trustworthy: the load generator may have limited some of these runs.</p>
            <ul className="list-inside list-disc">
              {data.runs
                .filter((run) => run.validity === 'suspect' || run.validity === 'invalid')
                .map((run) => (
                  <li key={run.id}>
                    {nameOf(run)} ({run.id}, {run.validity}): {run.validityReasons.join('; ')}
                  </li>
                ))}
            </ul>
          </div>
        )}
      </section>

      <div className="mb-6 overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label="Comparison">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-4 py-2 uppercase tracking-wide">Metric</th>
              {data.runs.map((run) => (
                <th key={run.id} className="px-4 py-2 text-right align-top font-normal">
                  <span aria-hidden className="mr-1 inline-block h-2.5 w-2.5 rounded-full" style={{ background: runColor(data.runs.indexOf(run)) }} />
                  <span className="text-sm font-medium text-slate-800">{nameOf(run)}</span>
                  <span className="block">{runHref ? <Link href={runHref(run.id)} className="font-mono text-xs text-indigo-700 hover:underline">{run.id}</Link> : <span className="font-mono text-xs">{run.id}</span>}</span>
                  <span className="block"><StatusBadge status={run.status} /><ValidityBadge verdict={run.validity} /></span>
                  {run.id === comparison.baselineId ? (
                    <span className="mt-1 inline-block rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800">baseline</span>
                  ) : (
                    <Link href={baselineHref(ids, run.id)} className="mt-1 inline-block text-xs text-slate-500 hover:text-indigo-700 hover:underline">make baseline</Link>
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
                    <Change cell={cell} metric={metric} />
                  </td>
                ))}
              </tr>
            ))}
            {data.runs.some((run) => run.report?.thresholds) && (
              <tr>
                <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">Thresholds</th>
                {data.runs.map((run) => {
                  const results = run.report?.thresholds?.results ?? [];
                  const failed = results.filter((t) => !t.passed);
                  return (
                    <td key={run.id} className="px-4 py-2 text-right text-xs" data-testid={`thresholds-${run.id}`}>
                      {results.length === 0 ? (
                        <span className="text-slate-400">none</span>
                      ) : failed.length === 0 ? (
                        <span className="font-medium text-emerald-700">all {results.length} passed</span>
                      ) : (
                        <span className="font-medium text-red-700" title={failed.map((t) => `${t.expression} (was ${t.actual ?? 'not measured'})`).join('; ')}>
                          {failed.length} of {results.length} failed: {failed.map((t) => t.expression).join(', ')}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            )}
          </tbody>
        </table>
      </div>

      {exportHref && (
        <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
          <a href={exportHref(ids, comparison.baselineId, 'csv')} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>Download CSV</a>
          <a href={exportHref(ids, comparison.baselineId, 'json')} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download>Download JSON</a>
          <a href={exportHref(ids, comparison.baselineId, 'html')} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" download title="One HTML file that opens offline">HTML report</a>
          <Link href={`/capacity?runs=${ids}&latencyMs=${p95Limit}`} className="text-indigo-700 hover:underline">Plan capacity from these runs →</Link>
        </div>
      )}

      {curves.length >= 2 && <SweepOverlay curves={curves} limitMs={p95Limit} />}

      <CompareCharts
        group={group}
        runs={data.runs.map((run) => ({
          id: run.id,
          label: nameOf(run),
          curve: data.latencyHistograms.has(run.id) ? percentileCurve(decodeHistogram(data.latencyHistograms.get(run.id)!)) : [],
          // Whole measured seconds only: no warm-up, no part-second before the stop.
          seconds: (data.series.get(run.id) ?? []).filter(isWholeMeasuredSecond).map((p) => ({ second: p.second, rps: p.rps, p95Ms: p.p95Ms })),
        }))}
      />
    </>
  );
}
