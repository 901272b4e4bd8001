/**
 * Runs one stage of a run: a load model driving exchanges against the target, a recorder
 * measuring them, a once-a-second point to the caller, and a sweeper for timeouts.
 */
import { redactSecrets } from '../secrets/redact';
import { performance } from 'node:perf_hooks';
import { credentialHeaders, secretValues, type RunConfig } from './config';
import { ConnectionPool, originOf, serializeRequest } from './http/connection';
import { buildRequest, exchange, type ExchangeOptions } from './http/exchange';
import { runClosedModel } from './load/closed';
import type { LoadDriver, LoadState } from './load/driver';
import { runOpenModel } from './load/open';
import { ProtocolError, type FailureCount } from './metrics/failures';
import type { DurationSummary } from './metrics/histogram';
import { hostCpuSampler } from './metrics/host-cpu';
import { StageRecorder, type Drain, type HistogramMetric, type SeriesPoint } from './metrics/recorder';
import { createPromptSource } from './prompts';
import { protocolFor } from './protocols';
import { isPartialWindow, ValidityTally, type Validity } from './validity';

export interface StageResult {
  label: string;
  load: RunConfig['load'];
  /** Measured time: from the end of warm-up to the stop (the drain after it is apart). */
  durationMs: number;
  /** Every measured request, the drain's included. */
  requests: number;
  successes: number;
  failures: number;
  failuresByClass: Record<string, FailureCount>;
  /** Successful requests per second of measured time (the drain's are counted, not timed). */
  rps: number;
  /** Attempts per second, successful or not. */
  attemptRps: number;
  latencyMs?: DurationSummary;
  ttftMs?: DurationSummary;
  itlMs?: DurationSummary;
  tpotMs?: DurationSummary;
  overheadMs?: DurationSummary;
  outputTokens: number;
  outputTokensPerSec: number;
  tokensEstimated: boolean;
  /** Requests still in flight at the stop, which finished after it. */
  drain: Drain;
  /** Load-generator health: how late the open model's sends were, how busy the client was, and the verdict. */
  health: { sendLagMs?: DurationSummary; clientBusyMax: number; validity: Validity };
  /** Why the stage stopped before its end (every request failing), if it did. */
  stoppedEarly?: string;
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
  const secrets = secretValues(config.target);
  const recorder = new StageRecorder(measureFrom, (message) => redactSecrets(message, secrets));
  const validity = new ValidityTally();
  const state: LoadState = { activeUsers: 0, inFlight: 0 };
  let admittedMeasured = 0;
  let stopped = false;
  let cancelled = false;
  let stopAt: number | undefined;
  let stoppedEarly: string | undefined;
  const stop = new AbortController();

  // Series: one point per window; windows end on whole seconds from the end of warm-up (negative
  // seconds are warm-up), and the last one at the stop, with its real length.
  // Exact from the config (2 s of warm-up: seconds -2 and -1), never from float arithmetic on times.
  let second = config.warmupMs > 0 ? -Math.ceil(config.warmupMs / 1000) : 0;
  let windowStart = startAt;
  let clientBusyMax = 0;
  let allFailingSeconds = 0;
  let elu = performance.eventLoopUtilization();
  const hostCpu = hostCpuSampler();
  const closeWindow = (at: number) => {
    const windowMs = at - windowStart;
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    const point = recorder.takePoint(second++, windowMs, { activeUsers: state.activeUsers, inFlight: pool.inFlight, clientBusy: busy, hostCpuBusy: hostCpu(), open: load.model === 'open' });
    windowStart = at;
    if (windowMs < 1 && point.requests === 0) return;
    hooks.onPoint?.(point);
    if (point.second < 0 || isPartialWindow(windowMs)) return;
    // A short last window (a few ms of teardown) can read 100% busy: only whole seconds count.
    clientBusyMax = Math.max(clientBusyMax, busy);
    validity.add(point);
    allFailingSeconds = point.requests > 0 && point.failures === point.requests ? allFailingSeconds + 1 : 0;
    if (config.stopOnFailureSeconds > 0 && allFailingSeconds >= config.stopOnFailureSeconds && !stopped) {
      const [failureClass, { sample }] = Object.entries(recorder.failures.toJSON())[0];
      stoppedEarly = `every request failed for ${allFailingSeconds} s in a row (${failureClass}: ${sample}), so the run was stopped`;
      stopAdmitting();
    }
  };

  /** No more admissions: the window closes at this moment, what is still in flight drains, sleepers wake. */
  const stopAdmitting = () => {
    if (stopAt === undefined) {
      stopAt = performance.now();
      clearTimeout(ticker);
      clearTimeout(deadlineTimer);
      if (stopAt > measureFrom) closeWindow(stopAt);
      recorder.startDrain(stopAt);
    }
    stopped = true;
    stop.abort();
    return false;
  };

  let ticker: NodeJS.Timeout | undefined;
  const scheduleTick = () => {
    const boundary = measureFrom + (second + 1) * 1000;
    const onTick = () => {
      const now = performance.now();
      // A timer may fire a hair early: wait for the boundary itself.
      if (now < boundary) return void (ticker = setTimeout(onTick, boundary - now));
      // The last boundary is the deadline: the stop closes that window.
      if (boundary >= deadline) return void stopAdmitting();
      closeWindow(now);
      scheduleTick();
    };
    ticker = setTimeout(onTick, Math.max(0, boundary - performance.now()));
  };
  scheduleTick();
  // A deadline between two boundaries (a duration that is not whole seconds) needs its own timer.
  let deadlineTimer: NodeJS.Timeout | undefined;
  const stopAtDeadline = () => {
    const left = deadline - performance.now();
    if (left > 0) deadlineTimer = setTimeout(stopAtDeadline, left);
    else stopAdmitting();
  };
  if (Number.isFinite(deadline) && (deadline - measureFrom) % 1000 !== 0) stopAtDeadline();

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
      if (cancelled || stoppedEarly) return false;
      if (intendedAt >= deadline) return stopAdmitting();
      if (intendedAt >= measureFrom && config.requests !== undefined) {
        if (admittedMeasured >= config.requests) return stopAdmitting();
        admittedMeasured++;
      }
      return true;
    },
    send(intendedAt, done) {
      exchange(pool, options, fixedRequest ?? serialize(prompts.next()), headOnly, intendedAt, (outcome) => {
        if (!cancelled) recorder.record(outcome);
        done(outcome);
      });
    },
    recordScheduled: () => recorder.recordScheduled(),
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
  stopAdmitting();

  const durationMs = Math.max(stopAt! - measureFrom, 1);
  const drain = recorder.drain;
  const windowed = { requests: recorder.requests - drain.requests, successes: recorder.successes - (drain.requests - drain.failures) };
  const summaries = recorder.summaries();
  return {
    label,
    load,
    durationMs,
    requests: recorder.requests,
    successes: recorder.successes,
    failures: recorder.failures.total,
    failuresByClass: recorder.failures.toJSON(),
    rps: (windowed.successes * 1000) / durationMs,
    attemptRps: (windowed.requests * 1000) / durationMs,
    latencyMs: summaries.latency,
    ttftMs: summaries.ttft,
    itlMs: summaries.itl,
    tpotMs: summaries.tpot,
    overheadMs: summaries.overhead,
    outputTokens: recorder.outputTokens,
    outputTokensPerSec: (recorder.outputTokens * 1000) / durationMs,
    tokensEstimated: recorder.tokensEstimated,
    drain: { ...drain, durationMs: Math.round(drain.durationMs) },
    health: { sendLagMs: summaries.sendLag, clientBusyMax: Math.round(clientBusyMax * 1000) / 1000, validity: validity.verdict() },
    ...(stoppedEarly ? { stoppedEarly } : {}),
    histograms: recorder.encodedHistograms(),
    cancelled,
  };
}
