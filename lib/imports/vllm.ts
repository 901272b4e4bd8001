/**
 * vLLM's `benchmarks/benchmark_serving.py --save-result` JSON (also `vllm bench serve`): totals,
 * throughputs, and for each metric asked for with --percentile-metrics (default ttft, tpot, itl;
 * e2el only when asked) its mean, median, std and the --metric-percentiles (default 99).
 * With --save-detailed it also holds every request's TTFT and ITLs, in seconds.
 */
import { finiteNumber, ImportError, percentilesOf, round3, type ImportedRun, type PartialPercentiles } from './types';

type Result = Record<string, unknown>;

export const isVllmResult = (json: unknown): json is Result =>
  typeof json === 'object' && json !== null && 'request_throughput' in json && 'completed' in json && 'duration' in json;

/** mean/median/pNN of one metric (vLLM's names: ttft, tpot, itl, e2el). */
function metric(result: Result, name: string): PartialPercentiles | undefined {
  const out: PartialPercentiles = {};
  const set = (key: keyof PartialPercentiles, field: string) => {
    const value = finiteNumber(result[field]);
    if (value !== undefined) out[key] = round3(value);
  };
  set('avg', `mean_${name}_ms`);
  set('p50', `median_${name}_ms`);
  set('p90', `p90_${name}_ms`);
  set('p95', `p95_${name}_ms`);
  set('p99', `p99_${name}_ms`);
  // A p100 (asked for with --metric-percentiles 100) is the max.
  set('max', `p100_${name}_ms`);
  return Object.keys(out).length ? out : undefined;
}

export function importVllm(result: Result, fileName: string): ImportedRun {
  const completed = finiteNumber(result.completed);
  const durationS = finiteNumber(result.duration);
  if (completed === undefined || durationS === undefined || durationS <= 0) throw new ImportError(`${fileName}: "completed" and "duration" must be numbers (vLLM's --save-result file has them)`);
  const errors = Array.isArray(result.errors) ? (result.errors as unknown[]) : undefined;
  const prompts = finiteNumber(result.num_prompts) ?? (errors ? errors.length : completed);
  const failures = Math.max(0, prompts - completed);
  const imported = ['requests (num_prompts) and failures (num_prompts − completed)', 'requests per second (request_throughput: completed requests / duration)'];
  const missing: string[] = [];
  const notes = [
    "vLLM's TPOT is the time per output token after the first, as here; its ITL is the gap between streamed chunks, as here.",
    "vLLM's E2EL (end-to-end latency) is this app's latency.",
  ];

  let ttftMs = metric(result, 'ttft');
  // --save-detailed: every request's TTFT (seconds; 0 for a failed request), so the percentiles are exact.
  const ttfts = Array.isArray(result.ttfts) ? percentilesOf(result.ttfts.filter((v): v is number => typeof v === 'number' && v > 0).map((v) => v * 1000)) : undefined;
  if (ttfts) {
    ttftMs = ttfts.percentiles;
    imported.push(`time to first token of each of ${ttfts.count} requests (ttfts, --save-detailed): exact percentiles`);
  } else if (ttftMs) imported.push(`time to first token (${Object.keys(ttftMs).join(', ')})`);
  let itlMs = metric(result, 'itl');
  const gaps = Array.isArray(result.itls) ? percentilesOf(result.itls.flatMap((list) => (Array.isArray(list) ? list : [])).filter((v): v is number => typeof v === 'number' && v >= 0).map((v) => v * 1000)) : undefined;
  if (gaps) {
    itlMs = gaps.percentiles;
    imported.push(`inter-token latency: every gap of every request (itls, --save-detailed), ${gaps.count} gaps`);
  } else if (itlMs) imported.push(`inter-token latency (${Object.keys(itlMs).join(', ')})`);
  const tpotMs = metric(result, 'tpot');
  if (tpotMs) imported.push(`TPOT (${Object.keys(tpotMs).join(', ')})`);
  const latencyMs = metric(result, 'e2el') ?? {};
  if (Object.keys(latencyMs).length) imported.push(`end-to-end latency (e2el: ${Object.keys(latencyMs).join(', ')})`);
  else missing.push('latency: vLLM writes end-to-end latency only when asked (--percentile-metrics ttft,tpot,itl,e2el)');
  if (!ttftMs) missing.push('time to first token: not in the file');
  missing.push('a per-second series: vLLM writes totals only (no per-second verdicts)');
  const outputTokens = finiteNumber(result.total_output_tokens);
  const outputTokensPerSec = finiteNumber(result.output_throughput);
  if (outputTokens !== undefined) imported.push('output tokens and output tokens per second');
  const rate = result.request_rate;
  const concurrency = finiteNumber(result.max_concurrency);
  const stageLabel = [typeof rate === 'number' ? `${rate} req/s` : rate === 'inf' ? 'all at once' : undefined, concurrency ? `≤ ${concurrency} in flight` : undefined].filter(Boolean).join(', ') || undefined;
  const model = typeof result.model_id === 'string' ? result.model_id : undefined;
  return {
    tool: 'vllm',
    files: [fileName],
    targetName: model ? `${typeof result.backend === 'string' ? `${result.backend} · ` : ''}${model}`.slice(0, 120) : 'vLLM import',
    targetUrl: '',
    stageLabel,
    startedAt: parseVllmDate(result.date),
    durationMs: Math.round(durationS * 1000),
    requests: prompts,
    failures,
    rps: round3(finiteNumber(result.request_throughput) ?? completed / durationS),
    latencyMs,
    ttftMs,
    itlMs,
    tpotMs,
    outputTokens,
    outputTokensPerSec: outputTokensPerSec === undefined ? undefined : round3(outputTokensPerSec),
    imported,
    missing,
    notes,
  };
}

/** vLLM's "date" is local time as YYYYMMDD-HHMMSS (no zone): read as UTC. */
function parseVllmDate(value: unknown): Date | undefined {
  const m = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(value) : null;
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}
