/**
 * Scale out, pure: one run's load split across N workers, and their results merged back into
 * one. Users, spawn rate, arrival rate, in-flight cap and a request count are split with the
 * remainder going to the first workers; a Poisson arrival stream split into N independent
 * Poisson streams of rate/N is Poisson of the full rate in total. Merging adds counters and
 * HDR histograms (exact: the merge of N histograms is the histogram of all their values) and
 * reads every percentile from the merged histograms.
 */
import type { RunConfig } from './config';
import { encodeHistogram, mergeEncoded, summarize, type DurationSummary } from './metrics/histogram';
import type { HistogramMetric, SeriesPoint } from './metrics/recorder';
import type { StageResult } from './stage';

/** `total` in `parts` whole shares, the remainder on the first ones (5 in 3 → 2, 2, 1). */
export function shares(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total - base * parts ? 1 : 0));
}

/** Worker `index`'s share of a split run (index from 0 to config.workers − 1). */
export function shardConfig(config: RunConfig, index: number): RunConfig {
  const n = config.workers;
  const pick = (total: number) => shares(total, n)[index];
  const load: RunConfig['load'] =
    config.load.model === 'closed'
      ? { ...config.load, users: pick(config.load.users), spawnRate: config.load.spawnRate / n }
      : { ...config.load, rate: config.load.rate / n, maxInFlight: Math.max(1, pick(config.load.maxInFlight)) };
  const requests = config.requests === undefined ? undefined : Math.max(1, pick(config.requests));
  // Thresholds are judged on the merged run, not on a share of it.
  return { ...config, load, requests, workers: 1, thresholds: [], pointHistograms: true };
}

/** A second's points from several workers as one: counts add, percentiles come from the merged histograms. */
export function mergePoints(points: SeriesPoint[]): SeriesPoint {
  const sum = (pick: (p: SeriesPoint) => number | undefined) => points.reduce((n, p) => n + (pick(p) ?? 0), 0);
  const max = (pick: (p: SeriesPoint) => number | null | undefined) => {
    const values = points.map(pick).filter((v): v is number => typeof v === 'number');
    return values.length ? Math.max(...values) : null;
  };
  const encoded = points.map((p) => p.latencyHistogram).filter((h): h is string => !!h);
  const latency = encoded.length ? mergeEncoded(encoded) : undefined;
  const at = (q: number) => (latency && latency.totalCount ? Math.round(latency.getValueAtPercentile(q)) / 1000 : null);
  const windowMs = Math.max(...points.map((p) => p.windowMs));
  const successes = sum((p) => p.requests - p.failures);
  const open = points.some((p) => p.intended !== undefined);
  return {
    second: points[0].second,
    windowMs,
    requests: sum((p) => p.requests),
    failures: sum((p) => p.failures),
    rps: windowMs > 0 ? (successes * 1000) / windowMs : 0,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    activeUsers: sum((p) => p.activeUsers),
    inFlight: sum((p) => p.inFlight),
    // The median of the workers' medians is not the median: TTFT per second is shown from one worker's view at most.
    ttftP50Ms: max((p) => p.ttftP50Ms),
    outputTokens: sum((p) => p.outputTokens),
    rateLimited: sum((p) => p.rateLimited),
    clientBusy: max((p) => p.clientBusy) ?? 0,
    hostCpuBusy: max((p) => p.hostCpuBusy) ?? 0,
    ...(open ? { intended: sum((p) => p.intended), sent: sum((p) => p.sent), sendLagP99Ms: max((p) => p.sendLagP99Ms) } : {}),
    ...bucketsOf(points, 'latencyBuckets', 'latencySumMs'),
    ...bucketsOf(points, 'ttftBuckets', 'ttftSumMs'),
    ...bucketsOf(points, 'itlBuckets', 'itlSumMs'),
  };
}

/** The workers' per-bucket counts of a second, added. */
function bucketsOf(points: SeriesPoint[], key: 'latencyBuckets' | 'ttftBuckets' | 'itlBuckets', sumKey: 'latencySumMs' | 'ttftSumMs' | 'itlSumMs'): Partial<SeriesPoint> {
  const lists = points.map((p) => p[key]).filter((b): b is number[] => !!b);
  if (!lists.length) return {};
  return { [key]: lists[0].map((_, i) => lists.reduce((n, b) => n + (b[i] ?? 0), 0)), [sumKey]: points.reduce((n, p) => n + (p[sumKey] ?? 0), 0) };
}

const DURATION_KEYS: [HistogramMetric, keyof StageResult][] = [
  ['latency', 'latencyMs'],
  ['ttft', 'ttftMs'],
  ['itl', 'itlMs'],
  ['tpot', 'tpotMs'],
  ['overhead', 'overheadMs'],
];

/** The workers' results of one split run as one result (`label` and `load` are the whole run's). */
export function mergeResults(results: StageResult[], whole: { label: string; load: RunConfig['load'] }): StageResult {
  const sum = (pick: (r: StageResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const durationMs = Math.max(...results.map((r) => r.durationMs));
  const histograms: StageResult['histograms'] = {};
  const summaries: Partial<Record<HistogramMetric, DurationSummary>> = {};
  for (const metric of ['latency', 'ttft', 'itl', 'tpot', 'overhead', 'sendLag'] as HistogramMetric[]) {
    const encoded = results.map((r) => r.histograms[metric]).filter((h): h is string => !!h);
    if (!encoded.length) continue;
    const merged = mergeEncoded(encoded);
    histograms[metric] = encodeHistogram(merged);
    summaries[metric] = summarize(merged);
  }
  const failuresByClass: StageResult['failuresByClass'] = {};
  for (const r of results) {
    for (const [key, value] of Object.entries(r.failuresByClass)) {
      const into = (failuresByClass[key] ??= { ...value, count: 0 });
      into.count += value.count;
    }
  }
  const successes = sum((r) => r.successes);
  const requests = sum((r) => r.requests);
  const drainRequests = sum((r) => r.drain.requests);
  const outputTokens = sum((r) => r.outputTokens);
  const worstValidity = results.map((r) => r.health.validity).sort((a, b) => rank(b.verdict) - rank(a.verdict))[0];
  const merged: StageResult = {
    label: whole.label,
    load: whole.load,
    durationMs,
    requests,
    successes,
    failures: sum((r) => r.failures),
    failuresByClass,
    rps: ((successes - sum((r) => r.drain.requests - r.drain.failures)) * 1000) / durationMs,
    attemptRps: ((requests - drainRequests) * 1000) / durationMs,
    outputTokens,
    outputTokensPerSec: (outputTokens * 1000) / durationMs,
    tokensEstimated: results.some((r) => r.tokensEstimated),
    drain: { requests: drainRequests, failures: sum((r) => r.drain.failures), durationMs: Math.max(...results.map((r) => r.drain.durationMs)) },
    health: { sendLagMs: summaries.sendLag, clientBusyMax: Math.max(...results.map((r) => r.health.clientBusyMax)), validity: { ...worstValidity, reasons: [...new Set(results.flatMap((r) => r.health.validity.reasons))] } },
    stoppedEarly: results.find((r) => r.stoppedEarly)?.stoppedEarly,
    ...mergedGoodput(results, requests - drainRequests, durationMs),
    histograms,
    cancelled: results.some((r) => r.cancelled),
  };
  for (const [metric, key] of DURATION_KEYS) if (summaries[metric]) (merged as unknown as Record<string, unknown>)[key] = summaries[metric];
  return merged;
}

/** Requests that met the objectives, over the whole run's measured requests (as one process counts them). */
function mergedGoodput(results: StageResult[], windowedRequests: number, durationMs: number): Pick<StageResult, 'goodput'> {
  const judged = results.filter((r) => r.goodput);
  if (!judged.length) return {};
  const good = judged.reduce((n, r) => n + r.goodput!.requests, 0);
  return { goodput: { objectives: judged[0].goodput!.objectives, requests: good, share: windowedRequests ? good / windowedRequests : 0, rps: (good * 1000) / durationMs } };
}

const rank = (verdict: string) => (verdict === 'invalid' ? 2 : verdict === 'suspect' ? 1 : 0);

/** A lost worker's share, rebuilt from the seconds it reported (its final result never came). */
export function resultFromPoints(points: SeriesPoint[], load: RunConfig['load']): StageResult {
  const requests = points.reduce((n, p) => n + (p.second >= 0 ? p.requests : 0), 0);
  const failures = points.reduce((n, p) => n + (p.second >= 0 ? p.failures : 0), 0);
  const measured = points.filter((p) => p.second >= 0);
  const encoded = measured.map((p) => p.latencyHistogram).filter((h): h is string => !!h);
  const durationMs = measured.reduce((n, p) => n + p.windowMs, 0) || 1;
  const latency = encoded.length ? mergeEncoded(encoded) : undefined;
  return {
    label: 'lost worker',
    load,
    durationMs,
    requests,
    successes: requests - failures,
    failures,
    failuresByClass: failures ? { lost_worker: { count: failures, sample: 'failed requests a worker reported before it was lost (their kinds were not reported)' } } : {},
    rps: ((requests - failures) * 1000) / durationMs,
    attemptRps: (requests * 1000) / durationMs,
    latencyMs: latency ? summarize(latency) : undefined,
    outputTokens: measured.reduce((n, p) => n + p.outputTokens, 0),
    outputTokensPerSec: 0,
    tokensEstimated: false,
    drain: { requests: 0, failures: 0, durationMs: 0 },
    health: { clientBusyMax: Math.max(0, ...measured.map((p) => p.clientBusy)), validity: { verdict: 'valid', reasons: [] } },
    histograms: latency ? { latency: encodeHistogram(latency) } : {},
    // Lost is not cancelled: the run went on without it.
    cancelled: false,
  };
}

