/** The PNGs permalinks and share links unfurl with (Slack, chat, docs). */
import { OgCard } from '@/components/og/card';
import { drawable, renderImage } from '@/components/og/render';
import { buildComparison, formatChange, type Audience } from '@/lib/compare/comparison';
import { getComparisonData } from '@/lib/compare/queries';
import { formatMetricValue } from '@/lib/compare/display';
import { formatCount, formatMs, formatRps, formatSignedChange } from '@/lib/format';
import { getRun } from '@/lib/runs/queries';
import { VERDICT_WORDS } from '@/lib/experiments/analysis';
import { getExperiment } from '@/lib/experiments/queries';

const SHOWN = ['requests', 'failureRate', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'rps'];
/** Streaming runs: what a stream's reader feels (first token, gaps between tokens, tokens/s) in place of counts. */
const SHOWN_STREAMING = ['latencyP50Ms', 'latencyP99Ms', 'rps', 'ttftP50Ms', 'itlP95Ms', 'outputTokensPerSec'];

/** A run's card: its labels and headline numbers (for a share link's holder, no target name). */
export async function runImage(id: string, audience: 'member' | 'public' = 'member'): Promise<Response> {
  const run = await getRun(id);
  if (!run) return Response.json({ error: `no run ${id}` }, { status: 404 });
  const gateway = [run.gatewayName, run.gatewayVersion, run.instanceCount && `× ${run.instanceCount}`].filter(Boolean).join(' ') || (audience === 'member' ? run.targetName : '');
  return renderImage(
    <OgCard
      title={drawable(`Run ${run.id}${gateway ? ` · ${gateway}` : ''}`)}
      subtitle={drawable([run.status, audience === 'member' ? run.targetName : null, run.stageLabel, run.thresholdsPassed === null ? null : run.thresholdsPassed ? 'thresholds passed' : 'thresholds failed'].filter(Boolean).join(' · '))}
      columns={['requests', 'failures', 'p50 ms', 'p95 ms', 'p99 ms', 'RPS']}
      rows={[
        { label: 'result', values: [formatCount(run.requests), formatCount(run.failures), formatMs(run.latencyP50Ms), formatMs(run.latencyP95Ms), formatMs(run.latencyP99Ms), formatRps(run.rps)] },
        ...(run.report?.ttftMs
          ? [
              { label: 'TTFT ms', values: ['', '', formatMs(run.report.ttftMs.p50), formatMs(run.report.ttftMs.p95), formatMs(run.report.ttftMs.p99), ''] },
              ...(run.report.itlMs ? [{ label: 'ITL ms', values: ['', '', formatMs(run.report.itlMs.p50), formatMs(run.report.itlMs.p95), formatMs(run.report.itlMs.p99), ''] }] : []),
              { label: 'tokens/s', values: [formatRps(run.report.outputTokensPerSec ?? null), '', '', '', 'per user', formatRps(run.report.perUserTokensPerSec ?? null)] },
            ]
          : []),
      ]}
    />,
  );
}

/** A comparison's card: up to four runs, the headline metrics, changes. */
export async function comparisonImage(ids: string[], baseline?: string, audience: Audience = 'member'): Promise<Response> {
  const data = await getComparisonData(ids.slice(0, 4));
  if (data.runs.length < 2) return Response.json({ error: 'fewer than two of those runs exist' }, { status: 404 });
  const comparison = buildComparison(data.runs, data.series, baseline, audience);
  const rows = comparison.rows
    .filter((row) => (data.runs.some((r) => r.ttftP50Ms !== null) ? SHOWN_STREAMING : SHOWN).includes(row.metric.key))
    .map((row) => ({
      label: row.metric.label,
      values: row.cells.map((cell) => {
        const value = formatMetricValue(row.metric, cell.value);
        const change = cell.delta === undefined || row.metric.format === 'count' ? '' : ` ${formatChange(row.metric, cell)}${cell.verdict === 'same' ? ' ≈' : ''}`;
        return value + change;
      }),
    }));
  return renderImage(
    <OgCard
      title={drawable(comparison.names.join(' vs '))}
      subtitle={drawable(comparison.summary)}
      columns={comparison.names.map(drawable)}
      rows={rows.map((row) => ({ label: row.label, values: row.values.map(drawable) }))}
    />,
  );
}

/** An experiment's card: its one-line answer on top, then the table it comes from. */
export async function experimentImage(id: string): Promise<Response> {
  const experiment = await getExperiment(id);
  if (!experiment) return Response.json({ error: `no experiment ${id}` }, { status: 404 });
  const result = experiment.result;
  const title = drawable(experiment.title ?? result?.summary ?? `Experiment ${experiment.id}`);
  if (!result) return renderImage(<OgCard title={title} subtitle={drawable(`${experiment.status} · ${experiment.config?.load ?? ''}`)} columns={[]} rows={[]} />);
  if (result.kind === 'overhead') {
    return renderImage(
      <OgCard
        title={title}
        subtitle={drawable(experiment.title ? result.summary : `${result.gateway} over ${result.upstream} · ${experiment.config?.load ?? ''}`)}
        columns={['gateway ms', 'direct ms', 'added ms', '95% interval']}
        rows={(result.latency?.quantiles ?? []).map((q) => ({
          label: `p${Math.round(q.q * 100)}`,
          values: [formatMs(q.gateway), formatMs(q.direct), formatSignedChange(q.difference, null, 'ms'), q.low === null || q.high === null ? '—' : `${formatMs(q.low)} to ${formatMs(q.high)}`],
        }))}
      />,
    );
  }
  const others = result.arms.slice(1);
  return renderImage(
    <OgCard
      title={title}
      subtitle={drawable(experiment.title ? result.summary : `${result.completeRounds} rounds · ${experiment.config?.load ?? ''}`)}
      columns={[drawable(result.arms[0].name), ...others.map((a) => drawable(a.aa ? 'A/A noise' : a.name))]}
      rows={result.metrics.slice(0, 5).map((m) => ({
        label: m.label,
        values: [
          formatMetric(m.arms[0].interval?.mean, m.unit),
          ...others.map((a) => {
            const d = a.aa ? m.noise : m.differences.find((x) => x.arm === a.arm);
            return d ? `${formatSignedChange(d.difference, d.relative, m.unit)} ${VERDICT_WORDS[d.verdict]}` : '—';
          }),
        ],
      }))}
    />,
  );
}

const formatMetric = (v: number | undefined, unit: string) => (v === undefined ? '—' : unit === 'ms' ? `${formatMs(v)} ms` : `${formatRps(v)} ${unit}`);
