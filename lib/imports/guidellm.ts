/**
 * GuideLLM's report (`guidellm benchmark … --output-path report.json`): a list of benchmarks,
 * one per load level of its profile (a sweep has several), each with request totals by status
 * and distribution summaries (mean, median, max, percentiles p001…p999) per metric. Each
 * benchmark becomes one run.
 */
import { finiteNumber, hostOf, ImportError, round3, type ImportedRun, type PartialPercentiles } from './types';

type Obj = Record<string, unknown>;
const asObject = (value: unknown): Obj | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined);

export const isGuidellmReport = (json: unknown): json is { benchmarks: Obj[] } =>
  Array.isArray(asObject(json)?.benchmarks) && ((asObject(json)!.benchmarks as unknown[]).length === 0 || asObject(asObject((asObject(json)!.benchmarks as unknown[])[0])?.metrics) !== undefined);

/** A StatusDistributionSummary's successful part, scaled to ms. */
function distribution(metrics: Obj, name: string, scale: number): PartialPercentiles | undefined {
  const summary = asObject(asObject(metrics[name])?.successful);
  if (!summary || !finiteNumber(summary.count)) return undefined;
  const percentiles = asObject(summary.percentiles) ?? {};
  const out: PartialPercentiles = {};
  const set = (key: keyof PartialPercentiles, value: unknown) => {
    const n = finiteNumber(value);
    if (n !== undefined) out[key] = round3(n * scale);
  };
  set('p50', percentiles.p50 ?? summary.median);
  set('p90', percentiles.p90);
  set('p95', percentiles.p95);
  set('p99', percentiles.p99);
  set('avg', summary.mean);
  set('max', summary.max);
  return out;
}

function stageLabelOf(benchmark: Obj): string | undefined {
  const strategy = asObject(asObject(benchmark.config)?.strategy) ?? asObject(asObject(benchmark.args)?.strategy) ?? asObject(benchmark.strategy);
  if (!strategy) return undefined;
  const type = String(strategy.type_ ?? strategy.type ?? '');
  if (type === 'synchronous') return '1 user';
  if (type === 'concurrent' && finiteNumber(strategy.streams)) return `${strategy.streams} users`;
  if ((type === 'constant' || type === 'poisson' || type === 'async') && finiteNumber(strategy.rate)) return `${round3(finiteNumber(strategy.rate)!)} req/s${type === 'poisson' ? ' (Poisson)' : ''}`;
  if (type === 'throughput') return 'max throughput';
  return type || undefined;
}

/** Unix seconds of the measured window: newer reports under scheduler_metrics, older under run_stats. */
function window(benchmark: Obj): { start?: number; end?: number } {
  const scheduler = asObject(benchmark.scheduler_metrics);
  const runStats = asObject(benchmark.run_stats);
  const start = finiteNumber(scheduler?.measure_start_time) ?? finiteNumber(runStats?.start_time) ?? finiteNumber(benchmark.start_time);
  const end = finiteNumber(scheduler?.measure_end_time) ?? finiteNumber(runStats?.end_time) ?? finiteNumber(benchmark.end_time);
  return { start, end };
}

export function importGuidellm(report: { benchmarks: Obj[]; args?: unknown }, fileName: string): ImportedRun[] {
  if (report.benchmarks.length === 0) throw new ImportError(`${fileName}: the report has no benchmarks`);
  const target = typeof asObject(report.args)?.target === 'string' ? (asObject(report.args)!.target as string) : '';
  return report.benchmarks.map((benchmark, index) => {
    const metrics = asObject(benchmark.metrics);
    const totals = asObject(metrics?.request_totals);
    const successful = finiteNumber(totals?.successful);
    if (!metrics || !totals || successful === undefined) throw new ImportError(`${fileName}: benchmark ${index + 1} has no metrics.request_totals`);
    const errored = finiteNumber(totals.errored) ?? 0;
    const incomplete = finiteNumber(totals.incomplete) ?? 0;
    const { start, end } = window(benchmark);
    const durationMs = finiteNumber(benchmark.duration) !== undefined ? Math.round(finiteNumber(benchmark.duration)! * 1000) : start !== undefined && end !== undefined ? Math.round((end - start) * 1000) : undefined;
    const rpsMean = finiteNumber(asObject(asObject(metrics.requests_per_second)?.successful)?.mean);
    const latencyMs = distribution(metrics, 'request_latency', 1000) ?? {};
    const ttftMs = distribution(metrics, 'time_to_first_token_ms', 1);
    // GuideLLM's ITL is the mean gap per token after the first, per request: this app's (and vLLM's) TPOT.
    const tpotMs = distribution(metrics, 'inter_token_latency_ms', 1);
    const outputTokens = finiteNumber(asObject(asObject(metrics.output_token_count)?.successful)?.total_sum);
    const outputTokensPerSec = finiteNumber(asObject(asObject(metrics.output_tokens_per_second)?.successful)?.mean);
    const imported = [
      'requests by status (successful, errored, incomplete)',
      'latency (request_latency, seconds → ms)',
      ...(ttftMs ? ['time to first token (time_to_first_token_ms)'] : []),
      ...(tpotMs ? ["TPOT (GuideLLM's inter_token_latency_ms)"] : []),
      ...(outputTokens !== undefined ? ['output tokens and output tokens per second'] : []),
    ];
    const missing = [
      'inter-token latency between chunks: GuideLLM summarises per request, not per gap',
      'a per-second series: the report has distributions only (no per-second verdicts)',
      'failures by kind: the report counts errored requests, not why',
    ];
    return {
      tool: 'guidellm' as const,
      files: [fileName],
      targetName: target ? (hostOf(target) ?? target.slice(0, 120)) : 'GuideLLM import',
      targetUrl: target,
      stageLabel: stageLabelOf(benchmark) ?? (report.benchmarks.length > 1 ? `benchmark ${index + 1}` : undefined),
      startedAt: start !== undefined ? new Date(start * 1000) : undefined,
      durationMs,
      requests: successful + errored + incomplete,
      failures: errored + incomplete,
      rps: rpsMean !== undefined ? round3(rpsMean) : durationMs ? round3((successful * 1000) / durationMs) : undefined,
      latencyMs,
      ttftMs,
      tpotMs,
      outputTokens,
      outputTokensPerSec: outputTokensPerSec === undefined ? undefined : round3(outputTokensPerSec),
      imported,
      missing,
      notes: [
        "GuideLLM's ITL (inter_token_latency_ms) is the time per output token after the first: it is this app's TPOT, and vLLM's.",
        "GuideLLM's time_per_output_token_ms divides the whole request by its output tokens (the first included): it is not mapped.",
        'Incomplete requests (cut off at the end of a benchmark) count as failures here, as requests that did not complete.',
      ],
    };
  });
}

