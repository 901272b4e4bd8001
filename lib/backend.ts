/**
 * Everything the app runs besides its web server: the database (embedded or DATABASE_URL,
 * migrated), the run manager (recovering runs a dead process left behind), and the built-in
 * mock target. stop() ends runs in progress with their results written, then the rest.
 */
import { disconnectPrisma, getPrisma } from './db/client';
import { openDatabase } from './db/database';
import { startBuiltinMock } from './mock/builtin';
import type { MockServer } from './mock/server';
import { RunManager } from './runs/manager';
import { registerRunManager } from './runs/registry';
import { JobQueue, registerJobQueue } from './jobs/queue';
import { afterRunWritten } from './benchmarks/after-run';
import { runScheduledBenchmark } from './benchmarks/scheduled';
import { syncSchedules } from './benchmarks/mutations';
import { deliverWebhook } from './webhooks/deliver';
import { PrometheusMetrics, registerPrometheus } from './metrics/prometheus';
import { appHealth } from './workers/queries';

export interface BackendOptions {
  databaseUrl?: string;
  dataDir: string;
  pgPort: number;
  mockPort: number;
  /** Where people open the app, for links in notifications. */
  publicUrl: string;
  log: (message: string) => void;
}

export interface Backend {
  databaseUrl: string;
  runs: RunManager;
  jobs: JobQueue;
  mock: MockServer;
  stop(): Promise<void>;
  /** For a stop that took too long: what cannot be waited for is left, and said (see OpenDatabase.abandon). */
  abandon(): string;
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const { log } = options;
  log(options.databaseUrl ? 'using the PostgreSQL server in DATABASE_URL' : `starting embedded PostgreSQL in ${options.dataDir} (port ${options.pgPort})`);
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, pgPort: options.pgPort });
  const { applied, total } = db.migrations;
  log(`migrations: ${total} in all, ${applied.length ? `applied now: ${applied.join(', ')}` : 'none pending'}`);
  try {
    process.env.DATABASE_URL = db.url;
    const runs = new RunManager(getPrisma());
    const interrupted = await runs.recoverInterrupted();
    if (interrupted) log(`${interrupted} run(s) left unfinished by the last process are now marked interrupted`);
    registerRunManager(runs);
    const jobs = await JobQueue.start({ databaseUrl: db.url, handlers: { benchmarkRun: runScheduledBenchmark, webhookDelivery: deliverWebhook }, log });
    registerJobQueue(jobs);
    const synced = await syncSchedules(jobs);
    log(`job queue started (pg-boss); ${(await jobs.scheduled()).length} benchmark schedule(s)${synced.scheduled + synced.removed ? `, ${synced.scheduled} restored and ${synced.removed} removed to match the benchmarks` : ''}`);
    runs.onRunWritten = (runId) => afterRunWritten(runId, options.publicUrl);
    registerPrometheus(new PrometheusMetrics(() => appHealth(runs.load().runs)));
    const mock = await startBuiltinMock(options.mockPort);
    log(`built-in Mock OpenAI target on ${mock.url}`);
    return {
      databaseUrl: db.url,
      runs,
      jobs,
      mock,
      async stop() {
        log('stopping runs in progress and saving their results…');
        await runs.shutdown();
        // After the runs: their last notifications are queued first.
        await jobs.stop(5000);
        registerJobQueue(undefined);
        registerPrometheus(undefined);
        await mock.close();
        await disconnectPrisma().catch(() => undefined);
        await db.close();
      },
      abandon: () => db.abandon(),
    };
  } catch (error) {
    await disconnectPrisma().catch(() => undefined);
    await db.close();
    throw error;
  }
}
