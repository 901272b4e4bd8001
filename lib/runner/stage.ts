/**
 * Runs one stage of a run: a load model driving exchanges against the target, a recorder
 * measuring them, a once-a-second point to the caller, and a sweeper for timeouts.
 */
import { redactSecrets } from '../secrets/redact';
import { performance } from 'node:perf_hooks';
import { quantileDifferences, type QuantileDifferences, type TimedSample } from '../stats/bootstrap';
import { credentialHeaders, secretValues, type RunConfig, type TargetSpec } from './config';
import { ConnectionPool, originOf, serializeRequest } from './http/connection';
import { buildRequest, exchange, type ExchangeOptions } from './http/exchange';
import { runClosedModel } from './load/closed';
import type { LoadDriver, LoadState } from './load/driver';
import { runOpenModel } from './load/open';
import { ProtocolError, type FailureCount } from './metrics/failures';
import type { DurationSummary } from './metrics/histogram';
import { hostCpuSampler } from './metrics/host-cpu';
import type { CapacityResult } from './capacity-run';
import { abortingThreshold, evaluateThresholds, thresholdValues, type ThresholdResult } from './thresholds';
import { StageRecorder, type Drain, type HistogramMetric, type Objectives, type RequestOutcome, type SeriesPoint } from './metrics/recorder';
import { createPromptSource, type PromptSource } from './prompts';
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
  /** An overhead stage: the same load to the target's direct upstream, interleaved, and the difference. */
  paired?: PairedResult;
  /** Each threshold with its measured value and verdict; aborted: one with abortOnFail stopped the run. */
  thresholds?: { results: ThresholdResult[]; aborted: boolean };
  /** A capacity run: every step, the limit found and why. */
  capacity?: CapacityResult;
  /** Requests that met every objective set (before the stop): how many, their share of all, per second. */
  goodput?: { objectives: Objectives; requests: number; share: number; rps: number };
}

/** The upstream arm of an overhead stage, and what the gateway adds on top of it. */
export interface PairedResult {
  upstream: StageResult;
  /** q(gateway) − q(upstream) for latency (end to end) and, for streams, TTFT, with bootstrap intervals. */
  latency: QuantileDifferences | null;
  ttft: QuantileDifferences | null;
}

/** The quantiles an overhead is reported at. */
export const OVERHEAD_QUANTILES = [0.5, 0.9, 0.95, 0.99];

export interface StageHooks {
  signal?: AbortSignal;
  /** arm 1 is the upstream of an overhead stage. */
  onPoint?: (point: SeriesPoint, arm: 0 | 1) => void;
}

/** Where one arm's requests go: its connections, its request bytes, its measurements. */
interface Arm {
  pool: ConnectionPool;
  options: ExchangeOptions;
  serialize: (prompt: string) => Buffer;
  fixedRequest?: Buffer;
  headOnly: boolean;
  recorder: StageRecorder;
  secrets: string[];
  /** Measured successful requests by the second they completed in (overhead stages only). */
  latency: TimedSample[];
  ttft: TimedSample[];
}

function makeArm(config: RunConfig, target: TargetSpec, connections: number, prompts: PromptSource, measureFrom: number): Arm {
  const url = new URL(target.url);
  const origin = originOf(url, target.address);
  const options: ExchangeOptions = {
    protocol: protocolFor({ ...config, target }),
    maxBodyBytes: config.maxBodyBytes,
    overheadHeader: config.overheadHeader.toLowerCase(),
  };
  const headers = { ...target.headers, ...credentialHeaders(target) };
  const path = url.pathname + url.search;
  const serialize = (prompt: string) => {
    const spec = buildRequest(options.protocol, prompt, headers);
    return serializeRequest(origin, spec.method, path, spec.headers, spec.body);
  };
  const secrets = secretValues(target);
  return {
    pool: new ConnectionPool(origin, connections),
    options,
    serialize,
    // A fixed prompt means one request for the whole stage: serialise it once.
    fixedRequest: prompts.fixed ? serialize(prompts.next()) : undefined,
    headOnly: options.protocol.buildRequest('').method === 'HEAD',
    recorder: new StageRecorder(measureFrom, (message) => redactSecrets(message, secrets), config.objectives),
    secrets,
    latency: [],
    ttft: [],
  };
}

export async function runStage(config: RunConfig, label: string, hooks: StageHooks = {}): Promise<StageResult> {
  const load = config.load;
  const prompts = createPromptSource(config.prompt);
  const connections = load.model === 'closed' ? load.users : load.maxInFlight;
  const startAt = performance.now();
  const measureFrom = startAt + config.warmupMs;
  const arms = [makeArm(config, config.target, connections, prompts, measureFrom)];
  if (config.upstream) arms.push(makeArm(config, config.upstream, connections, prompts, measureFrom));
  const [main] = arms;
  const recorder = main.recorder;
  const paired = arms.length > 1;

  const deadline = config.durationMs !== undefined ? measureFrom + config.durationMs : Infinity;
  const validity = new ValidityTally();
  const state: LoadState = { activeUsers: 0, inFlight: 0 };
  let admittedMeasured = 0;
  let stopped = false;
  let cancelled = false;
  let stopAt: number | undefined;
  let stoppedEarly: string | undefined;
  let thresholdAborted = false;
  const stop = new AbortController();

  // Series: one point per window; windows end on whole seconds from the end of warm-up (negative
  // seconds are warm-up), and the last one at the stop, with its real length.
  // Exact from the config (2 s of warm-up: seconds -2 and -1), never from float arithmetic on times.
  let second = config.warmupMs > 0 ? -Math.ceil(config.warmupMs / 1000) : 0;
  let windowStart = startAt;
  let clientBusyMax = 0;
  let elu = performance.eventLoopUtilization();
  const hostCpu = hostCpuSampler();
  const allFailing = [0, 0];
  const closeWindow = (at: number) => {
    const windowMs = at - windowStart;
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    const cpu = hostCpu();
    const points = arms.map((arm) =>
      arm.recorder.takePoint(second, windowMs, { activeUsers: state.activeUsers, inFlight: arm.pool.inFlight, clientBusy: busy, hostCpuBusy: cpu, open: load.model === 'open', histogram: config.pointHistograms }),
    );
    second++;
    windowStart = at;
    if (windowMs < 1 && points.every((p) => p.requests === 0)) return;
    points.forEach((point, arm) => hooks.onPoint?.(point, arm as 0 | 1));
    const [point] = points;
    if (point.second < 0 || isPartialWindow(windowMs)) return;
    // A short last window (a few ms of teardown) can read 100% busy: only whole seconds count.
    clientBusyMax = Math.max(clientBusyMax, busy);
    validity.add(point);
    // Either arm failing every request for stopOnFailureSeconds ends the stage: nothing is being measured.
    points.forEach((p, arm) => (allFailing[arm] = p.requests > 0 && p.failures === p.requests ? allFailing[arm] + 1 : 0));
    const failing = allFailing.findIndex((n) => n >= config.stopOnFailureSeconds);
    // Thresholds that may abort: judged on the totals so far, once their delay has passed.
    const aborting = stopped
      ? undefined
      : abortingThreshold(config.thresholds, point.second + 1, () => {
          const r = main.recorder;
          const so = r.summaries();
          const elapsedMs = Math.max(at - measureFrom, 1);
          return thresholdValues({ requests: r.requests, failures: r.failures.total, rps: (r.successes * 1000) / elapsedMs, latencyMs: so.latency, ttftMs: so.ttft, goodputShare: config.objectives && r.requests ? r.good / r.requests : undefined });
        });
    if (aborting) {
      stoppedEarly = aborting;
      thresholdAborted = true;
      stopAdmitting();
      return;
    }
    if (config.stopOnFailureSeconds > 0 && failing !== -1 && !stopped) {
      const [failureClass, { sample }] = Object.entries(arms[failing].recorder.failures.toJSON())[0];
      const which = paired ? (failing === 0 ? 'to the gateway ' : 'to the upstream ') : '';
      stoppedEarly = `every request ${which}failed for ${allFailing[failing]} s in a row (${failureClass}: ${sample}), so the run was stopped`;
      stopAdmitting();
    }
  };

  // Set by the open model: schedules the arrivals already due before the last window closes.
  let beforeStop: (() => void) | undefined;
  let flushing = false;
  /** No more admissions: the window closes at this moment, what is still in flight drains, sleepers wake. */
  const stopAdmitting = () => {
    if (stopAt === undefined && !flushing) {
      flushing = true;
      beforeStop?.();
      flushing = false;
    }
    if (stopAt === undefined && !flushing) {
      stopAt = performance.now();
      clearTimeout(ticker);
      clearTimeout(deadlineTimer);
      if (stopAt > measureFrom) closeWindow(stopAt);
      for (const arm of arms) arm.recorder.startDrain(stopAt);
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

  // Overhead stages: each user (or, in the open model, each pair of arrivals) sends the same
  // prompt to both arms, in a random order per pair, so both see the same moments of the upstream.
  const pending = new Map<number, { arm: 0 | 1; prompt?: string }>();
  const nextExchange = (user = -1): { arm: 0 | 1; prompt?: string } => {
    if (!paired) return { arm: 0, prompt: main.fixedRequest ? undefined : prompts.next() };
    const waiting = pending.get(user);
    if (waiting) {
      pending.delete(user);
      return waiting;
    }
    const first: 0 | 1 = Math.random() < 0.5 ? 0 : 1;
    const prompt = main.fixedRequest ? undefined : prompts.next();
    pending.set(user, { arm: first === 0 ? 1 : 0, prompt });
    return { arm: first, prompt };
  };
  const keepSample = (arm: Arm, outcome: RequestOutcome) => {
    if (!outcome.ok || !arm.recorder.counts(outcome.intendedAt)) return;
    // The second it completed in (the drain's go to the last measured second).
    const at = Math.max(0, stopAt === undefined ? second : second - 1);
    arm.latency.push({ second: at, ms: outcome.latencyMs });
    if (outcome.ttftMs !== undefined) arm.ttft.push({ second: at, ms: outcome.ttftMs });
  };

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
    send(intendedAt, done, user) {
      const { arm, prompt } = nextExchange(user);
      const target = arms[arm];
      exchange(target.pool, target.options, target.fixedRequest ?? target.serialize(prompt!), target.headOnly, intendedAt, (outcome) => {
        if (!cancelled) {
          target.recorder.record(outcome);
          if (paired) keepSample(target, outcome);
        }
        done(outcome);
      });
    },
    recordScheduled: () => recorder.recordScheduled(),
    onStopping: (scheduleDue) => (beforeStop = scheduleDue),
    recordSend: (intendedAt, lagMs) => recorder.recordSend(intendedAt, lagMs),
  };

  const onAbort = () => {
    cancelled = true;
    stopAdmitting();
    for (const arm of arms) arm.pool.abortInFlight(() => new ProtocolError('run cancelled'));
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  const timedOut = () => new ProtocolError(`no complete reply within ${config.timeoutMs} ms`, 'timeout');
  const sweeper = setInterval(() => {
    for (const arm of arms) arm.pool.abortInFlight(timedOut, performance.now() - config.timeoutMs);
  }, 50);

  try {
    if (load.model === 'closed') await runClosedModel(load, driver, state);
    else await runOpenModel(load, driver, state);
  } finally {
    clearTimeout(deadlineTimer);
    clearTimeout(ticker);
    clearInterval(sweeper);
    hooks.signal?.removeEventListener('abort', onAbort);
    for (const arm of arms) arm.pool.close();
  }
  stopAdmitting();

  const durationMs = Math.max(stopAt! - measureFrom, 1);
  const health = { clientBusyMax: Math.round(clientBusyMax * 1000) / 1000, validity: validity.verdict() };
  const summary = summarize(main.recorder, { label, load, durationMs, health, stoppedEarly, cancelled, objectives: config.objectives });
  const result: StageResult = config.thresholds.length
    ? { ...summary, thresholds: { results: evaluateThresholds(config.thresholds, thresholdValues({ ...summary, goodputShare: summary.goodput?.share })), aborted: thresholdAborted } }
    : summary;
  if (!paired) return result;
  const [, upstream] = arms;
  return {
    ...result,
    paired: {
      upstream: summarize(upstream.recorder, { label, load, durationMs, health, stoppedEarly, cancelled, objectives: config.objectives }),
      latency: quantileDifferences(main.latency, upstream.latency, OVERHEAD_QUANTILES),
      ttft: main.ttft.length && upstream.ttft.length ? quantileDifferences(main.ttft, upstream.ttft, OVERHEAD_QUANTILES) : null,
    },
  };
}

/** One arm's result from its recorder; the stage's own facts (label, load, duration, health) alike for every arm. */
function summarize(
  recorder: StageRecorder,
  stage: { label: string; load: RunConfig['load']; durationMs: number; health: { clientBusyMax: number; validity: Validity }; stoppedEarly?: string; cancelled: boolean; objectives?: Objectives },
): StageResult {
  const { durationMs } = stage;
  const drain = recorder.drain;
  const windowed = { requests: recorder.requests - drain.requests, successes: recorder.successes - (drain.requests - drain.failures) };
  const summaries = recorder.summaries();
  return {
    label: stage.label,
    load: stage.load,
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
    health: { sendLagMs: summaries.sendLag, ...stage.health },
    ...(stage.stoppedEarly ? { stoppedEarly: stage.stoppedEarly } : {}),
    ...(stage.objectives && {
      goodput: { objectives: stage.objectives, requests: recorder.good, share: windowed.requests ? recorder.good / windowed.requests : 0, rps: (recorder.good * 1000) / durationMs },
    }),
    histograms: recorder.encodedHistograms(),
    cancelled: stage.cancelled,
  };
}
