/**
 * Runs launched from the dashboard: creates the Run rows, drives the engine, and persists
 * while it goes — per-second points in batches (one insert every couple of seconds, never
 * one per request), each stage's summary and histograms at its end. Lives in the server
 * process (started by scripts/start.ts); pages and actions reach it through ./registry.
 */
import { Prisma, type PrismaClient } from '../db/generated/client';
import { describeLoad, expandStages, type RunConfig, type StagePlan } from '../runner/config';
import { startRun, type RunCallbacks, type RunHandle, type SeriesPoint, type StageResult } from '../runner/engine';
import { findJobQueue, type JobQueue } from '../jobs/queue';
import { startSplitRun } from '../workers/coordinator';
import { findPrometheus, type RunLabels as MetricLabels } from '../metrics/prometheus';
import { analyzeRounds, overheadSummary, throughputLost, type OverheadResult } from '../experiments/analysis';
import { armLetter, planRounds } from '../experiments/plan';
import { parseExperimentConfig, type ExperimentConfig } from '../experiments/stored';
import type { PairedResult } from '../runner/stage';
import type { RunLabels } from './labels';
import { failureOf } from './outcome';
import { jsonColumn, parseStoredConfig, storedConfig } from './stored';
import { partialSummaryFromPoints, summaryColumns } from './summary';

export interface LaunchRequest {
  config: RunConfig;
  target: { id: string | null; name: string; url: string };
  labels: RunLabels;
  /** Who started it (null: a script without a user, e.g. tests and the CLI). */
  createdById?: string | null;
  /** The benchmark this run is a point of, and the queue job that started it on a schedule. */
  benchmarkId?: string;
  scheduleJobId?: string;
}

export interface Launched {
  runIds: string[];
  sweepId?: string;
  experimentId?: string;
}

/** One arm of an experiment: its target, config and labels (an overhead run's gateway arm has `config.upstream`). */
export interface ExperimentArm {
  name: string;
  target: { id: string | null; name: string; url: string };
  config: RunConfig;
  labels: RunLabels;
  /** The baseline again (A/A), to show the noise floor. */
  aa?: boolean;
}

export interface ExperimentRequest {
  kind: 'overhead' | 'ab';
  title: string | null;
  /** Arm 0 is the baseline (an overhead run's gateway; arm 1 its upstream). */
  arms: ExperimentArm[];
  rounds: number;
  seed: number;
  createdById?: string | null;
}

const FLUSH_EVERY_MS = 2000;

/** What a live run page polls for, served from memory while the run goes (no database read). */
export interface LiveView {
  status: 'queued' | 'running';
  statusReason: null;
  startedAt: Date | null;
  finishedAt: null;
  points: Omit<Prisma.RunPointCreateManyInput, 'runId'>[];
}

interface ActiveRun {
  handle: RunHandle;
  runIds: string[];
  experimentId?: string;
  done: Promise<void>;
  /** Users (closed) or connections (open) its largest stage holds. */
  users: number;
}

/** The server runs as much as it may already: a launch is refused, with the reason. */
export class ServerBusy extends Error {}

/** The connections a run holds at its largest stage: users (closed) or the in-flight cap (open). */
function usersOf(config: RunConfig): number {
  if (config.load.model === 'open') return config.load.maxInFlight;
  return Math.max(config.load.users, ...(config.sweep ?? []));
}

export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  /** Per stage run, until its final status is written: status and every second so far. */
  private readonly live = new Map<string, LiveView>();
  /** Launches past the capacity check that are still creating their rows. */
  private readonly reserved: number[] = [];
  /** Each active run's labels on /metrics. */
  private readonly metricLabels = new Map<string, MetricLabels>();

  /**
   * @param writeRetryMs how long a write is retried while the database is unreachable; the
   *   run keeps going meanwhile, with its points buffered in memory (a point is ~100 bytes).
   */
  private jobQueue(): JobQueue {
    const queue = findJobQueue();
    if (!queue) throw new ServerBusy('a run split across workers needs the job queue, which is not running in this process: start the app with `npm start`');
    return queue;
  }

  /** Called once a stage's final status and summary are written (benchmarks' verdicts, notifications). */
  onRunWritten?: (runId: string) => Promise<void>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly writeRetryMs = 120_000,
  ) {}

  /** At start: runs left queued or running by a process that died are interrupted, with what they flushed. */
  async recoverInterrupted(): Promise<number> {
    const stale = await this.prisma.run.findMany({ where: { status: { in: ['queued', 'running'] } }, select: { id: true } });
    for (const { id } of stale) {
      const points = await this.prisma.runPoint.findMany({ where: { runId: id }, orderBy: { second: 'asc' } });
      await this.prisma.run.update({
        where: { id },
        data: {
          status: 'interrupted',
          statusReason: 'The server stopped while this run was going. The numbers below come from the per-second data saved until then.',
          finishedAt: new Date(),
          ...(points.length ? partialSummaryFromPoints(points) : {}),
        },
      });
    }
    await this.prisma.experiment.updateMany({
      where: { status: { in: ['queued', 'running'] } },
      data: { status: 'interrupted', statusReason: 'The server stopped while this experiment was going; its finished runs are kept.', finishedAt: new Date() },
    });
    return stale.length;
  }

  /**
   * Starts a run unless the server is full (`caps`: runs at once, users across them). The check
   * and the reservation happen before any await, so simultaneous launches cannot both pass.
   */
  async launch(request: LaunchRequest, caps?: { maxRuns: number; maxUsers: number }): Promise<Launched> {
    return this.reserving(usersOf(request.config), caps, () => this.create(request));
  }

  /**
   * Starts an experiment: its arms run in one engine, one after another (an overhead run's two
   * at once, interleaved request by request), each arm's round a Run row of its own.
   */
  async launchExperiment(request: ExperimentRequest, caps?: { maxRuns: number; maxUsers: number }): Promise<Launched> {
    // An overhead stage holds a connection pool per arm.
    const users = request.kind === 'overhead' ? 2 * usersOf(request.arms[0].config) : Math.max(...request.arms.map((a) => usersOf(a.config)));
    return this.reserving(users, caps, () => this.createExperiment(request));
  }

  private async reserving(users: number, caps: { maxRuns: number; maxUsers: number } | undefined, create: () => Promise<Launched>): Promise<Launched> {
    if (caps) {
      const busy = this.load();
      if (busy.runs + 1 > caps.maxRuns) throw new ServerBusy(`${busy.runs} runs are already going on this server, the most it runs at once (MAX_CONCURRENT_RUNS=${caps.maxRuns}): wait for one to finish or cancel one`);
      if (busy.users + users > caps.maxUsers) {
        throw new ServerBusy(`runs already going use ${busy.users.toLocaleString('en-US')} of the ${caps.maxUsers.toLocaleString('en-US')} users this server runs at once (MAX_ACTIVE_USERS); this one needs ${users.toLocaleString('en-US')}`);
      }
    }
    this.reserved.push(users);
    try {
      return await create();
    } finally {
      this.reserved.splice(this.reserved.indexOf(users), 1);
    }
  }

  /** Runs going (or starting) and the users (connections) they hold. */
  load(): { runs: number; users: number } {
    const active = [...this.active.values()];
    return {
      runs: active.length + this.reserved.length,
      users: active.reduce((n, run) => n + run.users, 0) + this.reserved.reduce((n, u) => n + u, 0),
    };
  }

  private async create(request: LaunchRequest): Promise<Launched> {
    if (request.config.workers > 1) this.jobQueue();
    // Expanded once: each stage gets its Run row here and is run under that row's id.
    const planned = expandStages(request.config);
    const sweepId = planned.length > 1 ? (await this.prisma.$queryRaw<{ id: string }[]>`SELECT substr(md5(random()::text), 1, 10) AS id`)[0].id : undefined;
    const stages: StagePlan[] = [];
    for (const [index, stage] of planned.entries()) {
      const run = await this.prisma.run.create({
        data: {
          targetId: request.target.id,
          targetName: request.target.name,
          targetUrl: request.target.url,
          config: storedConfig(stage.config),
          stageLabel: stage.label,
          sweepId,
          sweepStage: sweepId ? index : undefined,
          createdById: request.createdById ?? null,
          benchmarkId: request.benchmarkId,
          scheduleJobId: request.scheduleJobId,
          ...request.labels,
        },
        select: { id: true },
      });
      this.metricLabels.set(run.id, { run: run.id, target: request.target.name, gateway: request.labels.gatewayName ?? '', version: request.labels.gatewayVersion ?? '' });
      stages.push({ ...stage, id: run.id });
    }
    this.start(stages, usersOf(request.config));
    return { runIds: stages.map((stage) => stage.id), sweepId };
  }

  private async createExperiment(request: ExperimentRequest): Promise<Launched> {
    const first = request.arms[0].config;
    const config: ExperimentConfig = {
      arms: request.arms.map((arm) => ({ name: arm.name, targetId: arm.target.id, aa: !!arm.aa })),
      rounds: request.rounds,
      seed: request.seed,
      load: `${describeLoad(first.load)} · ${first.durationMs !== undefined ? `${first.durationMs / 1000} s` : `${first.requests} requests`}${first.warmupMs ? ` after ${first.warmupMs / 1000} s warm-up` : ''}`,
      stream: first.stream,
    };
    const experiment = await this.prisma.experiment.create({ data: { kind: request.kind, title: request.title, config: jsonColumn(config), createdById: request.createdById ?? null }, select: { id: true } });
    const row = (arm: number, round: number, stageLabel: string) => {
      const a = request.arms[arm];
      return this.prisma.run.create({
        data: {
          targetId: a.target.id,
          targetName: a.target.name,
          targetUrl: a.target.url,
          config: storedConfig(a.config),
          stageLabel,
          experimentId: experiment.id,
          experimentArm: arm,
          experimentRound: round,
          createdById: request.createdById ?? null,
          ...a.labels,
        },
        select: { id: true },
      }).then((created) => {
        this.metricLabels.set(created.id, { run: created.id, target: a.target.name, gateway: a.labels.gatewayName ?? '', version: a.labels.gatewayVersion ?? '' });
        return created;
      });
    };
    const stages: StagePlan[] = [];
    if (request.kind === 'overhead') {
      const gateway = await row(0, 0, `${describeLoad(first.load)} · gateway`);
      const upstream = await row(1, 0, `${describeLoad(first.load)} · direct`);
      stages.push({ id: gateway.id, pairedId: upstream.id, label: describeLoad(first.load), config: first });
    } else {
      for (const { round, arm } of planRounds(request.arms.length, request.rounds, request.seed)) {
        const run = await row(arm, round, `round ${round + 1} · ${armLetter(arm)}`);
        stages.push({ id: run.id, label: `round ${round + 1} · ${armLetter(arm)}`, config: request.arms[arm].config });
      }
    }
    let paired: PairedResult | undefined;
    this.start(stages, usersOf(first), {
      experimentId: experiment.id,
      onResult: (result) => {
        paired ??= result.paired;
      },
      settle: () => this.finishExperiment(experiment.id, paired),
    });
    return { runIds: stages.flatMap((s) => (s.pairedId ? [s.id, s.pairedId] : [s.id])), experimentId: experiment.id };
  }

  /** Once every run is written: the experiment's status and what it found. */
  private async finishExperiment(id: string, paired: PairedResult | undefined): Promise<void> {
    const experiment = await this.prisma.experiment.findUnique({ where: { id }, include: { runs: { orderBy: [{ experimentRound: 'asc' }, { experimentArm: 'asc' }] } } });
    const config = experiment && parseExperimentConfig(experiment.config);
    if (!experiment || !config) return;
    const runs = experiment.runs;
    const failed = runs.find((r) => r.status === 'failed' || r.status === 'interrupted');
    const cancelled = runs.some((r) => r.status === 'cancelled');
    const armName = (arm: number | null) => config.arms[arm ?? 0]?.name ?? '?';
    const status = cancelled ? 'cancelled' : failed ? 'failed' : 'completed';
    const statusReason = cancelled
      ? 'Cancelled; rounds that completed are counted below.'
      : failed
        ? `${armName(failed.experimentArm)} (round ${(failed.experimentRound ?? 0) + 1}) failed: ${failed.statusReason ?? 'see its run'}. Completed rounds are counted below.`
        : null;
    let result: object;
    if (experiment.kind === 'overhead') {
      const gateway = runs.find((r) => r.experimentArm === 0);
      const direct = runs.find((r) => r.experimentArm === 1);
      const stored = parseStoredConfig(gateway?.config);
      const load = stored?.load;
      const selfReported = gateway?.overheadP50Ms != null && gateway.overheadP95Ms != null && gateway.overheadP99Ms != null
        ? { header: stored?.overheadHeader ?? 'overhead header', p50: gateway.overheadP50Ms, p95: gateway.overheadP95Ms, p99: gateway.overheadP99Ms }
        : null;
      const overhead: OverheadResult = {
        kind: 'overhead',
        gateway: config.arms[0].name,
        upstream: config.arms[1].name,
        latency: paired?.latency ?? null,
        ttft: paired?.ttft ?? null,
        selfReported,
        throughput: gateway && direct && load ? throughputLost(load, { rps: gateway.rps ?? 0, meanMs: gateway.latencyAvgMs }, { rps: direct.rps ?? 0, meanMs: direct.latencyAvgMs }) : null,
        summary: overheadSummary(config.arms[0].name, paired?.latency ?? null),
      };
      result = overhead;
    } else {
      result = analyzeRounds(
        config.arms,
        runs.map((r) => ({
          arm: r.experimentArm ?? 0,
          round: r.experimentRound ?? 0,
          status: r.status,
          values: { latencyP50Ms: r.latencyP50Ms, latencyP95Ms: r.latencyP95Ms, latencyP99Ms: r.latencyP99Ms, rps: r.rps, ttftP50Ms: r.ttftP50Ms, ttftP95Ms: r.ttftP95Ms },
        })),
        config.rounds,
      );
    }
    await this.prisma.experiment.update({ where: { id }, data: { status, statusReason, result: jsonColumn(result), finishedAt: new Date() } });
  }

  /** The experiment a run is going in, if any. */
  experimentOf(runId: string): string | undefined {
    for (const run of this.active.values()) if (run.runIds.includes(runId)) return run.experimentId;
    return undefined;
  }

  cancel(runId: string): boolean {
    for (const run of this.active.values()) {
      if (run.runIds.includes(runId) || run.experimentId === runId) {
        run.handle.cancel();
        return true;
      }
    }
    return false;
  }

  /** Resolves once a launched run (and its sweep) has finished and written everything. */
  async settled(runId: string): Promise<void> {
    for (const run of this.active.values()) if (run.runIds.includes(runId) || run.experimentId === runId) await run.done;
  }

  /** A running stage's status and its seconds after `after`, or undefined once it is written and done. */
  liveView(runId: string, after: number): LiveView | undefined {
    const view = this.live.get(runId);
    if (!view) return undefined;
    const from = view.points.findIndex((p) => p.second > after);
    return { ...view, points: from === -1 ? [] : view.points.slice(from) };
  }

  isActive(runId: string): boolean {
    return [...this.active.values()].some((run) => run.runIds.includes(runId));
  }

  /** Cancels every active run and waits until each has written what it measured. */
  async shutdown(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.handle.cancel();
    await Promise.all(runs.map((run) => run.done));
  }

  private start(stages: StagePlan[], users: number, experiment?: { experimentId: string; onResult: (result: StageResult) => void; settle: () => Promise<void> }): void {
    // An overhead stage's upstream arm is a run of its own.
    const runIds = stages.flatMap((stage) => (stage.pairedId ? [stage.id, stage.pairedId] : [stage.id]));
    // Every write of this run goes through one queue, in order: a stage's "running" can never
    // land after its "completed", and points are written before the summary that counts them.
    let queue = Promise.resolve();
    let databaseLost: string | undefined;
    // A run's final status is worth waiting longer for than a batch of points.
    const finalRetryMs = this.writeRetryMs * 10;
    const write = (work: () => Promise<unknown>, retryMs = this.writeRetryMs) => {
      queue = queue.then(() => retrying(work, retryMs)).then(
        () => undefined,
        (error: unknown) => {
          console.error(`[runs] gave up writing for run ${runIds[0]} after ${retryMs / 1000} s:`, error instanceof Error ? error.message : error);
          // Results that cannot be kept are not worth measuring: stop, and say why once the database is back.
          databaseLost ??= `The database was unreachable for more than ${Math.round(this.writeRetryMs / 1000)} s, so the run was stopped; results written before that are kept.`;
          handle.cancel();
        },
      );
      return queue;
    };
    const buffer: Prisma.RunPointCreateManyInput[] = [];
    const flush = () => {
      const batch = buffer.splice(0);
      return batch.length ? write(() => this.prisma.runPoint.createMany({ data: batch, skipDuplicates: true })) : queue;
    };
    const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
    for (const id of runIds) this.live.set(id, { status: 'queued', statusReason: null, startedAt: null, finishedAt: null, points: [] });

    const callbacks: RunCallbacks = {
      onStageStart: ({ id, pairedId }) => {
        const startedAt = new Date();
        for (const runId of pairedId ? [id, pairedId] : [id]) {
          const view = this.live.get(runId);
          if (view) Object.assign(view, { status: 'running', startedAt });
          void write(() => this.prisma.run.update({ where: { id: runId }, data: { status: 'running', startedAt } }));
        }
        if (experiment) void write(() => this.prisma.experiment.updateMany({ where: { id: experiment.experimentId, status: 'queued' }, data: { status: 'running' } }));
      },
      onPoint: (id, point) => {
        const labels = this.metricLabels.get(id);
        if (labels) findPrometheus()?.observe(labels, point);
        const row = pointRow(id, point);
        buffer.push(row);
        const { runId: _id, ...rest } = row;
        this.live.get(id)?.points.push(rest);
      },
      onStageEnd: (id, result) => {
        findPrometheus()?.runEnded(id);
        this.metricLabels.delete(id);
        experiment?.onResult(result);
        void flush();
        // Once the final status is written, pages read the stage from the database again.
        void write(() => this.finishStage(id, result, databaseLost), finalRetryMs).then(() => this.live.delete(id));
        // In the same queue (so `settled` waits for it), but its failure is its own: the run stands.
        const after = this.onRunWritten;
        if (after) {
          queue = queue
            .then(() => after(id))
            .catch((error: unknown) => console.error(`[runs] after run ${id}:`, error instanceof Error ? error.message : error));
        }
      },
    };
    // A run split across load workers goes through the job queue; any other, the engine in this process.
    const split = stages.length === 1 && stages[0].config.workers > 1;
    const handle = split ? startSplitRun(stages[0], callbacks, { prisma: this.prisma, queue: this.jobQueue() }) : startRun(stages, callbacks);

    const done = handle.done
      .then(async () => {
        await write(() =>
          this.prisma.run.updateMany({
            where: { id: { in: runIds }, status: 'queued' },
            data: { status: 'cancelled', statusReason: 'Cancelled before this stage started.', finishedAt: new Date() },
          }),
          finalRetryMs,
        );
      })
      .catch(async (error: unknown) => {
        await flush();
        await write(() =>
          this.prisma.run.updateMany({
            where: { id: { in: runIds }, status: { in: ['queued', 'running'] } },
            data: { status: 'failed', statusReason: error instanceof Error ? error.message : String(error), finishedAt: new Date() },
          }),
          finalRetryMs,
        );
      })
      .finally(async () => {
        clearInterval(timer);
        await flush();
        if (experiment) await write(() => experiment.settle(), finalRetryMs);
        for (const id of runIds) {
          this.live.delete(id);
          this.metricLabels.delete(id);
        }
        this.active.delete(runIds[0]);
      });
    this.active.set(runIds[0], { handle, runIds, done, users, experimentId: experiment?.experimentId });
  }

  private async finishStage(runId: string, result: StageResult, databaseLost?: string): Promise<void> {
    const failure = databaseLost ?? failureOf(result);
    await this.prisma.$transaction([
      this.prisma.run.update({
        where: { id: runId },
        data: {
          status: failure ? 'failed' : result.cancelled ? 'cancelled' : 'completed',
          statusReason: failure ?? (result.cancelled ? 'Cancelled; the results below are what was measured until then.' : null),
          finishedAt: new Date(),
          ...summaryColumns(result),
        },
      }),
      this.prisma.runHistogram.createMany({
        data: Object.entries(result.histograms).map(([metric, encoded]) => ({ runId, metric, encoded: Buffer.from(encoded, 'base64') })),
        skipDuplicates: true,
      }),
    ]);
  }
}

/** Runs work until it succeeds, backing off 0.5 s → 5 s, for at most `forMs`. */
async function retrying<T>(work: () => Promise<T>, forMs: number): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let wait = 500; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function pointRow(runId: string, point: SeriesPoint): Prisma.RunPointCreateManyInput {
  return {
    runId,
    second: point.second,
    windowMs: point.windowMs,
    requests: point.requests,
    failures: point.failures,
    rps: point.rps,
    p50Ms: point.p50Ms,
    p95Ms: point.p95Ms,
    p99Ms: point.p99Ms,
    activeUsers: point.activeUsers,
    ttftP50Ms: point.ttftP50Ms,
    outputTokens: point.outputTokens,
    rateLimited: point.rateLimited,
    inFlight: point.inFlight,
    intended: point.intended ?? null,
    sent: point.sent ?? null,
    sendLagP99Ms: point.sendLagP99Ms ?? null,
    clientBusy: point.clientBusy,
    hostCpuBusy: point.hostCpuBusy,
  };
}
