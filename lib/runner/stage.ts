/**
 * Runs one stage of a run: a load model driving exchanges against the target, a recorder
 * measuring them, a once-a-second point to the caller, and a sweeper for timeouts.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { RunConfig } from './config';
import { buildRequest, exchange, InFlight, type ExchangeOptions } from './http/exchange';
import { runClosedModel } from './load/closed';
import type { LoadDriver, LoadState } from './load/driver';
import { runOpenModel } from './load/open';
import type { FailureCount } from './metrics/failures';
import type { DurationSummary } from './metrics/histogram';
import { StageRecorder, type HistogramMetric, type SeriesPoint } from './metrics/recorder';
import { createPromptSource } from './prompts';
import { protocolFor } from './protocols';

export interface StageResult {
  label: string;
  load: RunConfig['load'];
  /** Measured time: from the end of warm-up to the last completed request. */
  durationMs: number;
  requests: number;
  successes: number;
  failures: number;
  failuresByClass: Record<string, FailureCount>;
  rps: number;
  latencyMs?: DurationSummary;
  ttftMs?: DurationSummary;
  itlMs?: DurationSummary;
  tpotMs?: DurationSummary;
  overheadMs?: DurationSummary;
  outputTokens: number;
  outputTokensPerSec: number;
  tokensEstimated: boolean;
  /** Load-generator health: how late the open model's sends were, how busy the client was. */
  health: { sendLagMs?: DurationSummary; clientBusyMax: number; clientBound: boolean; note?: string };
  histograms: Partial<Record<HistogramMetric, string>>;
  cancelled: boolean;
}

export interface StageHooks {
  signal?: AbortSignal;
  onPoint?: (point: SeriesPoint) => void;
}

export async function runStage(config: RunConfig, label: string, hooks: StageHooks = {}): Promise<StageResult> {
  const url = new URL(config.target.url);
  const load = config.load;
  const pool = new Pool(url.origin, {
    connections: load.model === 'closed' ? load.users : load.maxInFlight,
    pipelining: 1,
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
    connectTimeout: Math.min(config.timeoutMs, 10_000),
    keepAliveTimeout: 60_000,
  });
  const prompts = createPromptSource(config.prompt);
  const options: ExchangeOptions = {
    path: url.pathname + url.search,
    protocol: protocolFor(config),
    maxBodyBytes: config.maxBodyBytes,
    overheadHeader: config.overheadHeader.toLowerCase(),
  };
  const targetHeaders = {
    ...config.target.headers,
    ...(config.target.apiKey ? { authorization: `Bearer ${config.target.apiKey}` } : {}),
  };
  // A fixed prompt means one request body for the whole stage: build it once.
  const fixedRequest = prompts.fixed ? buildRequest(options.protocol, prompts.next(), targetHeaders) : undefined;

  const inFlight = new InFlight();
  const startAt = performance.now();
  const measureFrom = startAt + config.warmupMs;
  const deadline = config.durationMs !== undefined ? measureFrom + config.durationMs : Infinity;
  const recorder = new StageRecorder(measureFrom);
  const state: LoadState = { activeUsers: 0, inFlight: 0 };
  let admittedMeasured = 0;
  let stopped = false;
  let cancelled = false;
  let lastCompletion = measureFrom;

  const driver: LoadDriver = {
    startAt,
    get stopped() {
      return stopped;
    },
    get cancelled() {
      return cancelled;
    },
    admit(intendedAt) {
      if (stopped) return false;
      if (intendedAt >= deadline) return !(stopped = true);
      if (intendedAt >= measureFrom && config.requests !== undefined) {
        if (admittedMeasured >= config.requests) return !(stopped = true);
        admittedMeasured++;
      }
      return true;
    },
    async send(intendedAt) {
      const request = fixedRequest ?? buildRequest(options.protocol, prompts.next(), targetHeaders);
      const outcome = await exchange(pool, options, request, intendedAt, inFlight);
      if (cancelled) return;
      recorder.record(outcome);
      if (recorder.counts(intendedAt)) lastCompletion = performance.now();
    },
    recordSend: (intendedAt, lagMs) => recorder.recordSend(intendedAt, lagMs),
  };

  const onAbort = () => {
    cancelled = stopped = true;
    inFlight.abortAll('run cancelled');
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  const sweeper = setInterval(() => inFlight.abortOlderThan(performance.now() - config.timeoutMs, config.timeoutMs), 50);

  // Series: one point per second of measured time.
  let second = 0;
  let clientBusyMax = 0;
  let elu = performance.eventLoopUtilization();
  const emitPoint = (windowMs: number) => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    clientBusyMax = Math.max(clientBusyMax, busy);
    hooks.onPoint?.(recorder.takePoint(second++, windowMs, { activeUsers: state.activeUsers, inFlight: inFlight.size, clientBusy: busy, open: load.model === 'open' }));
  };
  let ticker: NodeJS.Timeout | undefined;
  const scheduleTick = () => {
    ticker = setTimeout(() => {
      emitPoint(1000);
      scheduleTick();
    }, Math.max(0, measureFrom + (second + 1) * 1000 - performance.now()));
  };
  scheduleTick();

  try {
    if (load.model === 'closed') await runClosedModel(load, driver, state);
    else await runOpenModel(load, driver, state);
  } finally {
    clearTimeout(ticker);
    clearInterval(sweeper);
    hooks.signal?.removeEventListener('abort', onAbort);
    await pool.destroy().catch(() => undefined);
  }

  const partialMs = performance.now() - (measureFrom + second * 1000);
  if (partialMs > 0 && (partialMs >= 50 || second === 0)) emitPoint(partialMs);

  const durationMs = Math.max(lastCompletion - measureFrom, 1);
  const summaries = recorder.summaries();
  const sendLag = summaries.sendLag;
  const clientBound = clientBusyMax > 0.95 || (sendLag !== undefined && sendLag.p99 > 50);
  return {
    label,
    load,
    durationMs,
    requests: recorder.requests,
    successes: recorder.successes,
    failures: recorder.failures.total,
    failuresByClass: recorder.failures.toJSON(),
    rps: (recorder.requests * 1000) / durationMs,
    latencyMs: summaries.latency,
    ttftMs: summaries.ttft,
    itlMs: summaries.itl,
    tpotMs: summaries.tpot,
    overheadMs: summaries.overhead,
    outputTokens: recorder.outputTokens,
    outputTokensPerSec: (recorder.outputTokens * 1000) / durationMs,
    tokensEstimated: recorder.tokensEstimated,
    health: {
      sendLagMs: sendLag,
      clientBusyMax: Math.round(clientBusyMax * 1000) / 1000,
      clientBound,
      note: clientBound
        ? 'The load generator was saturated (busy > 95% or sends > 50 ms late at p99): the client, not the target, may have limited this result.'
        : undefined,
    },
    histograms: recorder.encodedHistograms(),
    cancelled,
  };
}
