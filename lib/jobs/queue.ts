/**
 * The app's Postgres job queue: pg-boss 12, in its own schema (`pgboss`) of the app's database.
 * It carries what must survive a restart and happen once: scheduled benchmark runs (cron, one
 * job per slot however many processes run the clock) and webhook deliveries (retried with
 * backoff). pg-boss was chosen over graphile-worker for its built-in cron with per-slot
 * de-duplication, per-job retry with exponential backoff, four small dependencies and the `pg`
 * driver the app already uses; both need Node 22+.
 *
 * The queue is created by the backend (lib/backend.ts) and found here by the rest of the process
 * (server actions, the run manager's hook) through globalThis, like the run manager.
 */
import { PgBoss, type Job } from 'pg-boss';
import { processSlot } from '../process-slot';

export const QUEUES = {
  /** A benchmark run due on its schedule: { benchmarkId }. */
  benchmarkRun: 'benchmark-run',
  /** One webhook delivery: { deliveryId }. */
  webhookDelivery: 'webhook-delivery',
  /** One worker's share of a split run: { runId, index }; taken by load workers (`npm run worker`). */
  loadShard: 'load-shard',
} as const;

/** A delivery is tried this many times more after the first, waiting 5 s, 10 s, 20 s, … (capped at 10 min). */
export const WEBHOOK_RETRIES = 6;

/** The app works schedules and deliveries; a load worker works shares of split runs (one at a time). */
export interface JobHandlers {
  benchmarkRun?(job: { id: string; benchmarkId: string }): Promise<void>;
  webhookDelivery?(job: { id: string; deliveryId: string; attempt: number; lastAttempt: boolean }): Promise<void>;
  loadShard?(job: { id: string; runId: string; index: number }): Promise<void>;
}

export interface JobQueueOptions {
  databaseUrl: string;
  handlers: JobHandlers;
  /** How often the clock looks for due schedules, in seconds (pg-boss's default is 30). */
  cronIntervalSeconds?: number;
  /** How often workers look for jobs, in seconds. */
  pollSeconds?: number;
  /** The first retry delay of a delivery, in seconds (then doubling). */
  webhookRetryDelaySeconds?: number;
  log?: (message: string) => void;
}

export class JobQueue {
  private constructor(private readonly boss: PgBoss) {}

  static async start(options: JobQueueOptions): Promise<JobQueue> {
    const log = options.log ?? (() => undefined);
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 4,
      cronMonitorIntervalSeconds: options.cronIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: Math.min(5, options.cronIntervalSeconds ?? 5),
    });
    boss.on('error', (error) => log(`job queue: ${error instanceof Error ? error.message : String(error)}`));
    await boss.start();
    await boss.createQueue(QUEUES.benchmarkRun, { retryLimit: 2, retryDelay: 30, expireInSeconds: 600 });
    await boss.createQueue(QUEUES.webhookDelivery, { retryLimit: WEBHOOK_RETRIES, retryDelay: options.webhookRetryDelaySeconds ?? 5, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 60 });
    // A share is never retried: a worker that took it and died is "lost", and the run goes on without it.
    await boss.createQueue(QUEUES.loadShard, { retryLimit: 0, expireInSeconds: 24 * 3600 });
    const pollingIntervalSeconds = options.pollSeconds ?? 2;
    const { benchmarkRun, webhookDelivery, loadShard } = options.handlers;
    if (benchmarkRun) {
      await boss.work<{ benchmarkId: string }>(QUEUES.benchmarkRun, { pollingIntervalSeconds, batchSize: 1 }, async ([job]: Job<{ benchmarkId: string }>[]) => {
        await benchmarkRun({ id: job.id, benchmarkId: job.data.benchmarkId });
      });
    }
    if (webhookDelivery) {
      await boss.work<{ deliveryId: string }>(QUEUES.webhookDelivery, { pollingIntervalSeconds, batchSize: 1 }, async ([job]: Job<{ deliveryId: string }>[]) => {
        await webhookDelivery({ id: job.id, deliveryId: job.data.deliveryId, attempt: job.retryCount + 1, lastAttempt: job.retryCount >= WEBHOOK_RETRIES });
      });
    }
    if (loadShard) {
      // One share at a time per worker: two shares of one run on one machine would be one worker doing two's work.
      await boss.work<{ runId: string; index: number }>(QUEUES.loadShard, { pollingIntervalSeconds: Math.min(pollingIntervalSeconds, 0.5), batchSize: 1, localConcurrency: 1 }, async ([job]: Job<{ runId: string; index: number }>[]) => {
        await loadShard({ id: job.id, runId: job.data.runId, index: job.data.index });
      });
    }
    return new JobQueue(boss);
  }

  /** Runs the benchmark on `cron` (UTC) from now on, replacing its earlier schedule. */
  async schedule(benchmarkId: string, cron: string): Promise<void> {
    await this.boss.schedule(QUEUES.benchmarkRun, cron, { benchmarkId }, { key: benchmarkId, tz: 'UTC' });
  }

  async unschedule(benchmarkId: string): Promise<void> {
    await this.boss.unschedule(QUEUES.benchmarkRun, benchmarkId);
  }

  /** The benchmarks with a schedule in the queue (what survives a restart). */
  async scheduled(): Promise<{ benchmarkId: string; cron: string }[]> {
    return (await this.boss.getSchedules(QUEUES.benchmarkRun)).map((s) => ({ benchmarkId: s.key, cron: s.cron }));
  }

  /** Hands out a split run's shares: each is one job, and a worker takes one at a time. */
  async sendShards(runId: string, count: number): Promise<void> {
    for (let index = 0; index < count; index++) await this.boss.send(QUEUES.loadShard, { runId, index });
  }

  async deliver(deliveryId: string): Promise<void> {
    await this.boss.send(QUEUES.webhookDelivery, { deliveryId });
  }

  /** Stops taking jobs, lets the ones in hand finish (at most `timeoutMs`), and closes its connections. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, close: true, timeout: timeoutMs });
  }
}

const slot = processSlot<JobQueue>('job-queue');

export function registerJobQueue(queue: JobQueue | undefined): void {
  slot.set(queue);
}

/** The process's queue, or undefined where none runs (tests of other parts). */
export function findJobQueue(): JobQueue | undefined {
  return slot.get();
}
