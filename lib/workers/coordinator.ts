/**
 * A run split across load workers, from the app's side. It has the engine's interface
 * (RunHandle, the same callbacks), so the run manager drives it as it drives the in-process
 * engine: each share is a RunShard row and a job on the queue; every worker starts at the same
 * time; each second, the workers' points are merged (lib/runner/split.ts) into the run's point;
 * a worker that stops heartbeating is lost (its seconds until then count, once) and the run
 * goes on degraded, or stops, as its config says; cancel reaches every worker through its
 * share's row, which workers read every 250 ms.
 */
import type { PrismaClient } from '../db/generated/client';
import type { JobQueue } from '../jobs/queue';
import type { RunCallbacks, RunHandle, RunOutcome } from '../runner/engine';
import type { StagePlan } from '../runner/config';
import type { SeriesPoint } from '../runner/metrics/recorder';
import { mergePoints, mergeResults, resultFromPoints } from '../runner/split';
import type { StageResult } from '../runner/stage';
import { createHistogram, decodeHistogram, summarize } from '../runner/metrics/histogram';
import { abortingThreshold, evaluateThresholds, parseThreshold, thresholdValues, type ThresholdMetric } from '../runner/thresholds';

export interface SplitRunOptions {
  prisma: PrismaClient;
  queue: JobQueue;
  /** From now to the shared start: time for every worker to take its share. */
  startDelayMs?: number;
  /** A share nobody took by the start plus this is late (its worker never joins). */
  claimGraceMs?: number;
  /** A running share without a heartbeat this long is lost. */
  lostAfterMs?: number;
}

const TICK_MS = 250;
/** A second is merged once every running share has reported it, or this long after the first did. */
const SECOND_WAIT_MS = 2500;

type ShardRow = { index: number; status: string; heartbeatAt: Date | null; error: string | null; workerId: string | null };

export function startSplitRun(stage: StagePlan, callbacks: RunCallbacks, options: SplitRunOptions): RunHandle {
  const { prisma, queue } = options;
  const runId = stage.id;
  const n = stage.config.workers;
  let cancelRequested = false;
  const requestStop = () => prisma.runShard.updateMany({ where: { runId }, data: { cancelRequested: true } });

  const done = (async (): Promise<RunOutcome> => {
    const startAt = new Date(Date.now() + (options.startDelayMs ?? 3000));
    await prisma.runShard.createMany({ data: Array.from({ length: n }, (_, index) => ({ runId, index, startAt })) });
    await queue.sendShards(runId, n);
    const claimDeadline = startAt.getTime() + (options.claimGraceMs ?? 5000);
    const lostAfterMs = options.lostAfterMs ?? 5000;
    /** Per second: the points that came in, by share, and when the first did. */
    const pending = new Map<number, { points: Map<number, SeriesPoint>; firstAt: number }>();
    const pointsByShard = new Map<number, SeriesPoint[]>();
    let lastRead = -1_000_000;
    let maxSeen = -1_000_000;
    let nextSecond: number | null = null;
    let started = false;
    const lost: string[] = [];
    let shards: ShardRow[];
    const abortable = liveJudge(stage);
    let stoppedEarly: string | undefined;

    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      const now = Date.now();
      if (!started && now >= startAt.getTime()) {
        started = true;
        callbacks.onStageStart?.(stage);
      }
      // Nobody took a share in time: it never starts (a worker coming later does not join).
      if (now > claimDeadline) await prisma.runShard.updateMany({ where: { runId, status: 'queued' }, data: { status: 'late', error: 'no worker took this share in time' } });
      shards = await prisma.runShard.findMany({ where: { runId }, orderBy: { index: 'asc' }, select: { index: true, status: true, heartbeatAt: true, error: true, workerId: true } });
      // A share that stopped heartbeating is lost (marked only if it is still running: a worker finishing now wins).
      for (const shard of shards.filter((s) => s.status === 'running' && s.heartbeatAt && s.heartbeatAt.getTime() < now - lostAfterMs)) {
        const marked = await prisma.runShard.updateMany({ where: { runId, index: shard.index, status: 'running' }, data: { status: 'lost', error: `no heartbeat for ${Math.round(lostAfterMs / 1000)} s` } });
        if (!marked.count) continue;
        shard.status = 'lost';
        lost.push(`worker ${shard.index + 1} of ${n} was lost (no heartbeat since ${shard.heartbeatAt?.toISOString().slice(11, 19)} UTC); its seconds until then are counted`);
        if (stage.config.onWorkerLost === 'stop' && !cancelRequested) {
          cancelRequested = true;
          await requestStop();
        }
      }
      // New seconds from every share.
      const fresh = await prisma.shardPoint.findMany({ where: { runId, second: { gt: lastRead } }, orderBy: [{ second: 'asc' }] });
      for (const row of fresh) {
        const point = row.point as unknown as SeriesPoint;
        const entry = pending.get(row.second) ?? { points: new Map(), firstAt: now };
        entry.points.set(row.index, point);
        pending.set(row.second, entry);
        const list = pointsByShard.get(row.index) ?? [];
        if (!list.some((p) => p.second === point.second)) list.push(point);
        pointsByShard.set(row.index, list);
      }
      // Read again from a few seconds back: a slow worker's second may land after a faster one's next.
      for (const row of fresh) maxSeen = Math.max(maxSeen, row.second);
      lastRead = Math.max(lastRead, maxSeen - 3);
      const sending = shards.filter((s) => s.status === 'running').map((s) => s.index);
      const finished = shards.every((s) => s.status !== 'queued' && s.status !== 'running');
      // Merge seconds in order, each once.
      for (const second of [...pending.keys()].sort((a, b) => a - b)) {
        if (nextSecond !== null && second < nextSecond) {
          pending.delete(second);
          continue;
        }
        const entry = pending.get(second)!;
        const complete = sending.every((index) => entry.points.has(index));
        if (!complete && !finished && now - entry.firstAt < SECOND_WAIT_MS) break;
        callbacks.onPoint?.(stage.id, mergePoints([...entry.points.values()]));
        pending.delete(second);
        nextSecond = second + 1;
        // abortOnFail thresholds: judged on the merged run so far, every second, as in one process.
        const failed = abortable?.add(second, [...entry.points.values()]);
        if (failed && !stoppedEarly && !cancelRequested) {
          stoppedEarly = failed;
          await requestStop();
        }
      }
      if (finished && pending.size === 0) break;
    }

    const failedAll = shards.every((s) => s.status === 'late' || s.status === 'failed');
    if (failedAll) {
      const why = shards.find((s) => s.status === 'failed')?.error;
      throw new Error(why ? `every worker failed: ${why}` : `no load worker took this run's ${n} shares within ${Math.round(((options.claimGraceMs ?? 5000) + (options.startDelayMs ?? 3000)) / 1000)} s: start workers with \`npm run worker\` (they need DATABASE_URL and SECRET_KEY), or run with 1 worker`);
    }
    // The workers' results, read once at the end (they carry full histograms).
    const done = new Map((await prisma.runShard.findMany({ where: { runId, status: 'done' }, select: { index: true, result: true } })).map((row) => [row.index, row.result as StageResult | null]));
    const results: StageResult[] = [];
    const reasons = [...lost];
    for (const shard of shards) {
      const result = done.get(shard.index);
      if (shard.status === 'done' && result) results.push(result);
      else if (shard.status === 'lost' || (shard.status === 'failed' && pointsByShard.get(shard.index)?.length)) results.push(resultFromPoints(pointsByShard.get(shard.index) ?? [], stage.config.load));
      if (shard.status === 'late') reasons.push(`worker ${shard.index + 1} of ${n} never started: no worker took its share in time`);
      if (shard.status === 'failed') reasons.push(`worker ${shard.index + 1} of ${n} failed: ${shard.error}`);
    }
    const merged = mergeResults(results, { label: stage.label, load: stage.config.load });
    if (reasons.length) merged.health.validity = { verdict: merged.health.validity.verdict === 'invalid' ? 'invalid' : 'suspect', reasons: [...merged.health.validity.reasons, ...reasons] };
    // A threshold that stopped the run ended it early (the workers were told to stop, as for a cancel).
    if (stoppedEarly) Object.assign(merged, { stoppedEarly, cancelled: false });
    else if (cancelRequested) merged.cancelled = true;
    if (stage.config.thresholds.length) {
      const results = evaluateThresholds(
        stage.config.thresholds,
        thresholdValues({ requests: merged.requests, failures: merged.failures, rps: merged.rps, latencyMs: merged.latencyMs, ttftMs: merged.ttftMs, goodputShare: merged.goodput?.share }),
      );
      merged.thresholds = { results, aborted: stoppedEarly !== undefined };
    }
    callbacks.onStageEnd?.(stage.id, merged);
    // The shares' own seconds stay: the run page draws them per worker on demand.
    return { stages: [merged], cancelled: merged.cancelled };
  })();

  return {
    cancel() {
      cancelRequested = true;
      // A Prisma query runs when it is awaited or then'd, not when made.
      requestStop().then(
        () => undefined,
        (error: unknown) => console.error(`[runs] could not tell the workers of run ${runId} to stop:`, error instanceof Error ? error.message : error),
      );
    },
    done,
  };
}

/** Metrics the workers' seconds carry (counts and encoded latency histograms), so judged live; the rest are judged at the end. */
const LIVE_METRICS = new Set<ThresholdMetric>(['p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'avg_ms', 'max_ms', 'error_rate', 'rps']);

/**
 * The run's abortOnFail thresholds, judged on the merged measured seconds so far (the totals a
 * single process judges them on), or undefined when it has none. `add` returns why the run
 * stops, in the words a single process uses, or undefined.
 */
function liveJudge(stage: StagePlan) {
  const thresholds = stage.config.thresholds.filter((t) => {
    const parsed = parseThreshold(t.expression);
    return t.abortOnFail && 'metric' in parsed && LIVE_METRICS.has(parsed.metric);
  });
  if (!thresholds.length) return undefined;
  const latency = createHistogram();
  let requests = 0;
  let failures = 0;
  let durationMs = 0;
  return {
    add(second: number, points: SeriesPoint[]): string | undefined {
      if (second < 0) return undefined; // warm-up counts in no total
      for (const point of points) {
        requests += point.requests;
        failures += point.failures;
        if (point.latencyHistogram) latency.add(decodeHistogram(point.latencyHistogram));
      }
      durationMs += Math.max(...points.map((p) => p.windowMs));
      return abortingThreshold(thresholds, second + 1, () => thresholdValues({ requests, failures, rps: ((requests - failures) * 1000) / Math.max(durationMs, 1), latencyMs: summarize(latency) }));
    },
  };
}
