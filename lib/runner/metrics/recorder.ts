/**
 * Collects one stage's measurements: totals and fixed-size histograms for the measured part,
 * plus one window at a time that becomes a series point. Memory does not grow with run length.
 *
 * Windows are honest (PRODUCT.md, "Methods"): each point carries its real length; warm-up
 * seconds become points with negative seconds that count in no total; after the stop, the
 * requests still in flight finish into the drain, reported apart, never as a point.
 */
import type { Histogram } from 'hdr-histogram-js';
import { FailureTally, type FailureClass } from './failures';
import { createHistogram, encodeHistogram, recordMs, summarize, type DurationSummary } from './histogram';

/** Service-level objectives per request (PRODUCT.md: goodput); a request meets them when it meets each one set. */
export interface Objectives {
  ttftMs?: number;
  tpotMs?: number;
  e2eMs?: number;
}

export interface RequestOutcome {
  /** performance.now() the request was meant to start (the open model's schedule) or started. */
  intendedAt: number;
  ok: boolean;
  failureClass?: FailureClass;
  message?: string;
  latencyMs: number;
  ttftMs?: number;
  /** Gaps between content-bearing chunks (streams). */
  itlMs?: number[];
  outputTokens?: number;
  tokensEstimated?: boolean;
  overheadMs?: number;
}

export interface SeriesPoint {
  /** Seconds since measurement began; negative seconds are warm-up. */
  second: number;
  /** The window's real length: 1000, or less for the last window before the stop (and a first warm-up window). */
  windowMs: number;
  /** Requests completed in the window (successes + failures). */
  requests: number;
  failures: number;
  /** Successful requests per second of the window. */
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  activeUsers: number;
  inFlight: number;
  ttftP50Ms: number | null;
  outputTokens: number;
  /** Failures that were HTTP 429 (rate limited). */
  rateLimited: number;
  /** Open model: arrivals the schedule asked for in the window, arrivals actually sent, and how late sends were (p99). */
  intended?: number;
  sent?: number;
  sendLagP99Ms?: number | null;
  /** Share of the load generator's own time spent busy (0–1): near 1, the client is the bottleneck. */
  clientBusy: number;
  /** Share of the host's CPU time spent busy (0–1), all processes: a gateway on the same host competes. */
  hostCpuBusy: number;
  /** A worker's share of a split run: the window's latency histogram, encoded, for an exact merge. */
  latencyHistogram?: string;
  /** The window's successful latencies (and TTFTs) counted per PROMETHEUS_BUCKETS_MS bucket (the last: above them all), and their sum in ms: for /metrics. */
  latencyBuckets?: number[];
  latencySumMs?: number;
  ttftBuckets?: number[];
  ttftSumMs?: number;
  /** Streams: the second's gaps between content chunks, in the same buckets. */
  itlBuckets?: number[];
  itlSumMs?: number;
}

/** Upper bounds (ms) of the buckets /metrics exposes latencies and TTFTs in. */
export const PROMETHEUS_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

/** A window histogram's values counted per bucket (exact at the histogram's 1% resolution) and their sum. */
function bucketCounts(histogram: Histogram): { counts: number[]; sumMs: number } | undefined {
  if (!histogram.totalCount) return undefined;
  const counts = new Array<number>(PROMETHEUS_BUCKETS_MS.length + 1).fill(0);
  const iterator = (histogram as unknown as { recordedValuesIterator: { reset(): void; hasNext(): boolean; next(): { valueIteratedTo: number; countAtValueIteratedTo: number } } }).recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const { valueIteratedTo, countAtValueIteratedTo } = iterator.next();
    const ms = valueIteratedTo / 1000;
    let bucket = PROMETHEUS_BUCKETS_MS.findIndex((bound) => ms <= bound);
    if (bucket === -1) bucket = PROMETHEUS_BUCKETS_MS.length;
    counts[bucket] += countAtValueIteratedTo;
  }
  return { counts, sumMs: (histogram.mean * histogram.totalCount) / 1000 };
}

/** Requests that finished after the stop: counted in the totals, shown apart from the windows. */
export interface Drain {
  requests: number;
  failures: number;
  /** From the stop to the last of them. */
  durationMs: number;
}

export const histogramMetrics = ['latency', 'ttft', 'itl', 'tpot', 'overhead', 'sendLag'] as const;
export type HistogramMetric = (typeof histogramMetrics)[number];

interface Window {
  requests: number;
  failures: number;
  rateLimited: number;
  outputTokens: number;
  intended: number;
  sent: number;
}
const emptyWindow = (): Window => ({ requests: 0, failures: 0, rateLimited: 0, outputTokens: 0, intended: 0, sent: 0 });

export class StageRecorder {
  requests = 0;
  successes = 0;
  outputTokens = 0;
  tokensEstimated = false;
  readonly failures: FailureTally;
  readonly histograms: Record<HistogramMetric, Histogram> = {
    latency: createHistogram(),
    ttft: createHistogram(),
    itl: createHistogram(),
    tpot: createHistogram(),
    overhead: createHistogram(),
    sendLag: createHistogram(),
  };
  readonly drain: Drain = { requests: 0, failures: 0, durationMs: 0 };

  private window = emptyWindow();
  private readonly windowLatency = createHistogram(2);
  private readonly windowTtft = createHistogram(2);
  private readonly windowItl = createHistogram(2);
  private readonly windowSendLag = createHistogram(2);
  private stoppedAt?: number;
  /** Measured requests before the stop that met every objective (goodput), when objectives are set. */
  good = 0;

  constructor(
    private readonly measureFrom: number,
    redact?: (message: string) => string,
    private readonly objectives?: Objectives,
  ) {
    this.failures = new FailureTally(redact);
  }

  /** Whether a request meets every objective: TTFT, time per output token after the first, end to end. */
  private meets(outcome: RequestOutcome): boolean {
    const o = this.objectives!;
    if (o.e2eMs !== undefined && outcome.latencyMs > o.e2eMs) return false;
    if (o.ttftMs !== undefined && (outcome.ttftMs === undefined || outcome.ttftMs > o.ttftMs)) return false;
    if (o.tpotMs !== undefined) {
      // One token (or none) has no time per output token: nothing to miss.
      if (outcome.ttftMs === undefined) return false;
      if ((outcome.outputTokens ?? 0) > 1 && (outcome.latencyMs - outcome.ttftMs) / (outcome.outputTokens! - 1) > o.tpotMs) return false;
    }
    return true;
  }

  /** Requests meant to start before measurement began (warm-up) count in no total. */
  counts(intendedAt: number): boolean {
    return intendedAt >= this.measureFrom;
  }

  /** From now on, completions go to the drain: no window is open any more. */
  startDrain(at: number): void {
    this.stoppedAt = at;
  }

  /** Records one outcome into the totals (measured requests) and the open window or the drain. */
  record(outcome: RequestOutcome): void {
    const measured = this.counts(outcome.intendedAt);
    const inWindow = this.stoppedAt === undefined && (measured || performance.now() < this.measureFrom);
    if (measured) {
      this.requests++;
      if (outcome.ok) this.successes++;
      else this.failures.add(outcome.failureClass ?? 'connection_error', outcome.message ?? 'failed');
      if (this.stoppedAt !== undefined) {
        this.drain.requests++;
        if (!outcome.ok) this.drain.failures++;
        this.drain.durationMs = Math.max(this.drain.durationMs, outcome.intendedAt + outcome.latencyMs - this.stoppedAt);
      }
    }
    // A warm-up request that ends after warm-up belongs to no window.
    if (inWindow) {
      this.window.requests++;
      if (!outcome.ok) {
        this.window.failures++;
        if (outcome.failureClass === 'http_429') this.window.rateLimited++;
      } else {
        recordMs(this.windowLatency, outcome.latencyMs);
        if (outcome.ttftMs !== undefined) recordMs(this.windowTtft, outcome.ttftMs);
        if (outcome.itlMs) for (const gap of outcome.itlMs) recordMs(this.windowItl, gap);
        if (outcome.outputTokens !== undefined) this.window.outputTokens += outcome.outputTokens;
      }
    }
    if (measured && outcome.ok) this.recordDistributions(outcome);
    if (measured && outcome.ok && this.objectives && this.stoppedAt === undefined && this.meets(outcome)) this.good++;
  }

  private recordDistributions(outcome: RequestOutcome): void {
    recordMs(this.histograms.latency, outcome.latencyMs);
    if (outcome.ttftMs !== undefined) recordMs(this.histograms.ttft, outcome.ttftMs);
    if (outcome.itlMs) for (const gap of outcome.itlMs) recordMs(this.histograms.itl, gap);
    if (outcome.outputTokens !== undefined) {
      this.outputTokens += outcome.outputTokens;
      if (outcome.tokensEstimated) this.tokensEstimated = true;
      if (outcome.ttftMs !== undefined && outcome.outputTokens > 1) {
        recordMs(this.histograms.tpot, (outcome.latencyMs - outcome.ttftMs) / (outcome.outputTokens - 1));
      }
    }
    if (outcome.overheadMs !== undefined) recordMs(this.histograms.overhead, outcome.overheadMs);
  }

  /** Open model: an arrival the schedule admitted (whether or not it could go out yet). */
  recordScheduled(): void {
    if (this.stoppedAt === undefined) this.window.intended++;
  }

  /** Open model: one scheduled arrival, sent lagMs after its intended time. */
  recordSend(intendedAt: number, lagMs: number): void {
    if (this.stoppedAt === undefined) {
      this.window.sent++;
      recordMs(this.windowSendLag, lagMs);
    }
    if (this.counts(intendedAt)) recordMs(this.histograms.sendLag, lagMs);
  }

  /** Closes the current window into a series point. */
  takePoint(
    second: number,
    windowMs: number,
    state: { activeUsers: number; inFlight: number; clientBusy: number; hostCpuBusy: number; open: boolean; histogram?: boolean },
  ): SeriesPoint {
    const at = (h: Histogram, percentile: number) => (h.totalCount ? Math.round(h.getValueAtPercentile(percentile)) / 1000 : null);
    const successes = this.window.requests - this.window.failures;
    const point: SeriesPoint = {
      second,
      windowMs: Math.round(windowMs),
      requests: this.window.requests,
      failures: this.window.failures,
      rps: windowMs > 0 ? (successes * 1000) / windowMs : 0,
      p50Ms: at(this.windowLatency, 50),
      p95Ms: at(this.windowLatency, 95),
      p99Ms: at(this.windowLatency, 99),
      activeUsers: state.activeUsers,
      inFlight: state.inFlight,
      ttftP50Ms: at(this.windowTtft, 50),
      outputTokens: this.window.outputTokens,
      rateLimited: this.window.rateLimited,
      clientBusy: Math.round(state.clientBusy * 1000) / 1000,
      hostCpuBusy: Math.round(state.hostCpuBusy * 1000) / 1000,
      ...(state.open ? { intended: this.window.intended, sent: this.window.sent, sendLagP99Ms: at(this.windowSendLag, 99) } : {}),
      ...(state.histogram && this.windowLatency.totalCount ? { latencyHistogram: encodeHistogram(this.windowLatency) } : {}),
    };
    const latency = bucketCounts(this.windowLatency);
    if (latency) Object.assign(point, { latencyBuckets: latency.counts, latencySumMs: latency.sumMs });
    const ttft = bucketCounts(this.windowTtft);
    if (ttft) Object.assign(point, { ttftBuckets: ttft.counts, ttftSumMs: ttft.sumMs });
    const itl = bucketCounts(this.windowItl);
    if (itl) Object.assign(point, { itlBuckets: itl.counts, itlSumMs: itl.sumMs });
    this.window = emptyWindow();
    for (const h of [this.windowLatency, this.windowTtft, this.windowItl, this.windowSendLag]) if (h.totalCount) h.reset();
    return point;
  }

  summaries(): Partial<Record<HistogramMetric, DurationSummary>> {
    const result: Partial<Record<HistogramMetric, DurationSummary>> = {};
    for (const metric of histogramMetrics) {
      const summary = summarize(this.histograms[metric]);
      if (summary) result[metric] = summary;
    }
    return result;
  }

  encodedHistograms(): Partial<Record<HistogramMetric, string>> {
    const result: Partial<Record<HistogramMetric, string>> = {};
    for (const metric of histogramMetrics) {
      if (this.histograms[metric].totalCount > 0) result[metric] = encodeHistogram(this.histograms[metric]);
    }
    return result;
  }
}
