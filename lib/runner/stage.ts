/**
 * Runs one stage of a run: a load model driving exchanges against the target, a recorder
 * measuring them, a once-a-second point to the caller, and a sweeper for timeouts.
 */
import { redactSecret } from '../secrets/redact';
import { performance } from 'node:perf_hooks';
import { credentialHeaders, type RunConfig } from './config';
import { ConnectionPool, originOf, serializeRequest } from './http/connection';
import { buildRequest, exchange, type ExchangeOptions } from './http/exchange';
import { runClosedModel } from './load/closed';
import type { LoadDriver, LoadState } from './load/driver';
import { runOpenModel } from './load/open';
import { ProtocolError, type FailureCount } from './metrics/failures';
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
  const origin = originOf(url, config.target.address);
  const pool = new ConnectionPool(origin, load.model === 'closed' ? load.users : load.maxInFlight);
  const prompts = createPromptSource(config.prompt);
  const options: ExchangeOptions = {
    protocol: protocolFor(config),
    maxBodyBytes: config.maxBodyBytes,
    overheadHeader: config.overheadHeader.toLowerCase(),
  };
  const targetHeaders = {
    ...config.target.headers,
    ...credentialHeaders(config.target),
  };
  const path = url.pathname + url.search;
  const serialize = (prompt: string) => {
    const spec = buildRequest(options.protocol, prompt, targetHeaders);
    return serializeRequest(origin, spec.method, path, spec.headers, spec.body);
  };
  const headOnly = options.protocol.buildRequest('').method === 'HEAD';
  // A fixed prompt means one request for the whole stage: serialise it once.
  const fixedRequest = prompts.fixed ? serialize(prompts.next()) : undefined;

  const startAt = performance.now();
  const measureFrom = startAt + config.warmupMs;
  const deadline = config.durationMs !== undefined ? measureFrom + config.durationMs : Infinity;
  const recorder = new StageRecorder(measureFrom, (message) => redactSecret(message, config.target.apiKey));
  const state: LoadState = { activeUsers: 0, inFlight: 0 };
  let admittedMeasured = 0;
  let stopped = false;
  let cancelled = false;
  let lastCompletion = measureFrom;
  const stop = new AbortController();
  /** No more admissions; users thinking and schedules waiting wake up and finish. */
  const stopAdmitting = () => {
    stopped = true;
    stop.abort();
    return false;
  };
  // Timers may fire a little early: re-arm until the deadline has really passed.
  let deadlineTimer: NodeJS.Timeout | undefined;
  const stopAtDeadline = () => {
    const left = deadline - performance.now();
    if (left > 0) deadlineTimer = setTimeout(stopAtDeadline, left);
    else stopAdmitting();
  };
  if (Number.isFinite(deadline)) stopAtDeadline();

  const driver: LoadDriver = {
    startAt,
    stopSignal: stop.signal,
    get stopped() {
      return stopped;
    },
    get cancelled() {
      return cancelled;
    },
    admit(intendedAt) {
      // Decided by the intended time alone, so an arrival due just before the end is still
      // admitted when the deadline timer happens to run first.
      if (cancelled) return false;
      if (intendedAt >= deadline) return stopAdmitting();
      if (intendedAt >= measureFrom && config.requests !== undefined) {
        if (admittedMeasured >= config.requests) return stopAdmitting();
        admittedMeasured++;
      }
      return true;
    },
    send(intendedAt, done) {
      exchange(pool, options, fixedRequest ?? serialize(prompts.next()), headOnly, intendedAt, (outcome) => {
        if (!cancelled && recorder.record(outcome)) lastCompletion = outcome.intendedAt + outcome.latencyMs;
        done();
      });
    },
    recordSend: (intendedAt, lagMs) => recorder.recordSend(intendedAt, lagMs),
  };

  const onAbort = () => {
    cancelled = true;
    stopAdmitting();
    pool.abortInFlight(() => new ProtocolError('run cancelled'));
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  const timedOut = () => new ProtocolError(`no complete reply within ${config.timeoutMs} ms`, 'timeout');
  const sweeper = setInterval(() => pool.abortInFlight(timedOut, performance.now() - config.timeoutMs), 50);

  // Series: one point per second of measured time.
  let second = 0;
  let clientBusyMax = 0;
  let elu = performance.eventLoopUtilization();
  const emitPoint = (windowMs: number) => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    // A short last window (a few ms of teardown) can read 100% busy: only whole seconds count.
    if (windowMs >= 1000) clientBusyMax = Math.max(clientBusyMax, busy);
    hooks.onPoint?.(recorder.takePoint(second++, windowMs, { activeUsers: state.activeUsers, inFlight: pool.inFlight, clientBusy: busy, open: load.model === 'open' }));
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
    clearTimeout(deadlineTimer);
    clearTimeout(ticker);
    clearInterval(sweeper);
    hooks.signal?.removeEventListener('abort', onAbort);
    pool.close();
  }

  // The last, partial second: always emitted, so the series adds up to the totals.
  const partialMs = performance.now() - (measureFrom + second * 1000);
  if (partialMs > 0) emitPoint(partialMs);

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
