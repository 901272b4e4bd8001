/**
 * Collects one stage's measurements: totals and fixed-size histograms for the whole stage,
 * plus a one-second window that becomes a series point. Memory does not grow with run length.
 */
import type { Histogram } from 'hdr-histogram-js';
import { FailureTally, type FailureClass } from './failures';
import { createHistogram, encodeHistogram, recordMs, summarize, type DurationSummary } from './histogram';

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
  second: number;
  requests: number;
  failures: number;
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  activeUsers: number;
  inFlight: number;
  ttftP50Ms: number | null;
  outputTokens: number;
  /** Open model: requests the schedule asked for this second, and how late sends were (p99). */
  intended?: number;
  sendLagP99Ms?: number | null;
  /** Share of the load generator's own time spent busy (0–1): near 1, the client is the bottleneck. */
  clientBusy: number;
}

export const histogramMetrics = ['latency', 'ttft', 'itl', 'tpot', 'overhead', 'sendLag'] as const;
export type HistogramMetric = (typeof histogramMetrics)[number];

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

  private window = { requests: 0, failures: 0, outputTokens: 0, intended: 0 };
  private readonly windowLatency = createHistogram(2);
  private readonly windowTtft = createHistogram(2);
  private readonly windowSendLag = createHistogram(2);

  constructor(
    private readonly measureFrom: number,
    redact?: (message: string) => string,
  ) {
    this.failures = new FailureTally(redact);
  }

  /** Requests meant to start before measurement began (warm-up) are not counted. */
  counts(intendedAt: number): boolean {
    return intendedAt >= this.measureFrom;
  }

  /** Records one outcome; false when it belongs to the warm-up and was not counted. */
  record(outcome: RequestOutcome): boolean {
    if (!this.counts(outcome.intendedAt)) return false;
    this.requests++;
    this.window.requests++;
    if (!outcome.ok) {
      this.failures.add(outcome.failureClass ?? 'connection_error', outcome.message ?? 'failed');
      this.window.failures++;
      return true;
    }
    this.successes++;
    recordMs(this.histograms.latency, outcome.latencyMs);
    recordMs(this.windowLatency, outcome.latencyMs);
    if (outcome.ttftMs !== undefined) {
      recordMs(this.histograms.ttft, outcome.ttftMs);
      recordMs(this.windowTtft, outcome.ttftMs);
    }
    if (outcome.itlMs) for (const gap of outcome.itlMs) recordMs(this.histograms.itl, gap);
    if (outcome.outputTokens !== undefined) {
      this.outputTokens += outcome.outputTokens;
      this.window.outputTokens += outcome.outputTokens;
      if (outcome.tokensEstimated) this.tokensEstimated = true;
      if (outcome.ttftMs !== undefined && outcome.outputTokens > 1) {
        recordMs(this.histograms.tpot, (outcome.latencyMs - outcome.ttftMs) / (outcome.outputTokens - 1));
      }
    }
    if (outcome.overheadMs !== undefined) recordMs(this.histograms.overhead, outcome.overheadMs);
    return true;
  }

  /** Open model: one scheduled arrival, sent lagMs after its intended time. */
  recordSend(intendedAt: number, lagMs: number): void {
    if (!this.counts(intendedAt)) return;
    this.window.intended++;
    recordMs(this.histograms.sendLag, lagMs);
    recordMs(this.windowSendLag, lagMs);
  }

  /** Closes the current one-second window into a series point. */
  takePoint(second: number, windowMs: number, state: { activeUsers: number; inFlight: number; clientBusy: number; open: boolean }): SeriesPoint {
    const at = (h: Histogram, percentile: number) => (h.totalCount ? Math.round(h.getValueAtPercentile(percentile)) / 1000 : null);
    const latency = { p50: at(this.windowLatency, 50), p95: at(this.windowLatency, 95), p99: at(this.windowLatency, 99) };
    const point: SeriesPoint = {
      second,
      requests: this.window.requests,
      failures: this.window.failures,
      rps: windowMs > 0 ? (this.window.requests * 1000) / windowMs : 0,
      p50Ms: latency.p50,
      p95Ms: latency.p95,
      p99Ms: latency.p99,
      activeUsers: state.activeUsers,
      inFlight: state.inFlight,
      ttftP50Ms: at(this.windowTtft, 50),
      outputTokens: this.window.outputTokens,
      clientBusy: Math.round(state.clientBusy * 1000) / 1000,
      ...(state.open ? { intended: this.window.intended, sendLagP99Ms: at(this.windowSendLag, 99) } : {}),
    };
    this.window = { requests: 0, failures: 0, outputTokens: 0, intended: 0 };
    for (const h of [this.windowLatency, this.windowTtft, this.windowSendLag]) if (h.totalCount) h.reset();
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
