/**
 * A load worker (`npm run worker`): registers in LoadWorker and heartbeats every second, takes
 * one share of a split run at a time from the job queue, claims it once (a share already taken,
 * or whose start has passed, is not joined: a worker that comes back does not rejoin an old
 * run), reads the run's config and its target's key from the database (the key never travels
 * through the queue; the worker needs the app's SECRET_KEY to decrypt it), starts its engine at
 * the shared start time, writes each second's point (with its latency histogram) and its final
 * result, and stops within 250 ms of a cancel.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { getPrisma } from '../db/client';
import { Prisma } from '../db/generated/client';
import { JobQueue } from '../jobs/queue';
import { startRun, type RunHandle, type SeriesPoint, type StageResult } from '../runner/engine';
import { shardConfig } from '../runner/split';
import { jsonColumn, parseStoredConfig } from '../runs/stored';
import { keyBinding } from '../targets/binding';
import { getTargetWithSecret } from '../targets/queries';

export const WORKER_VERSION = '1';
/** A share whose start passed more than this ago is not joined. */
const JOIN_LATE_MS = 2000;

export interface WorkerAgent {
  id: string;
  stop(): Promise<void>;
}

export async function startWorkerAgent(options: { databaseUrl: string; name?: string; log?: (message: string) => void }): Promise<WorkerAgent> {
  const log = options.log ?? (() => undefined);
  const prisma = getPrisma();
  const id = randomUUID();
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  await prisma.loadWorker.create({ data: { id, name, version: WORKER_VERSION, cpus: os.availableParallelism(), lastSeenAt: new Date() } });
  let current: { runId: string; index: number; handle?: RunHandle; last?: SeriesPoint } | undefined;
  const heartbeat = setInterval(() => {
    const last = current?.last;
    const health = last ? { clientBusy: last.clientBusy, sendLagP99Ms: last.sendLagP99Ms ?? null, openConnections: last.inFlight, hostCpuBusy: last.hostCpuBusy } : {};
    void prisma.loadWorker.update({ where: { id }, data: { lastSeenAt: new Date(), currentRunId: current?.runId ?? null, health: jsonColumn(health) } }).catch((error: unknown) => log(`heartbeat failed: ${error instanceof Error ? error.message : error}`));
  }, 1000);

  const queue = await JobQueue.start({
    databaseUrl: options.databaseUrl,
    pollSeconds: 0.5,
    log,
    handlers: {
      loadShard: async ({ runId, index }) => {
        const claimed = await prisma.runShard.updateMany({
          where: { runId, index, status: 'queued', startAt: { gt: new Date(Date.now() - JOIN_LATE_MS) } },
          data: { status: 'running', workerId: id, heartbeatAt: new Date() },
        });
        if (!claimed.count) return log(`share ${index + 1} of run ${runId} is taken or too late to join; skipped`);
        current = { runId, index };
        try {
          await runShare(runId, index);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log(`share ${index + 1} of run ${runId} failed: ${message}`);
          await prisma.runShard.updateMany({ where: { runId, index, workerId: id, status: 'running' }, data: { status: 'failed', error: message.slice(0, 500) } });
        } finally {
          current = undefined;
        }
      },
    },
  });
  log(`worker ${name} (${id}) registered; waiting for runs`);

  async function runShare(runId: string, index: number): Promise<void> {
    const run = await prisma.run.findUnique({ where: { id: runId }, select: { config: true, targetId: true } });
    const shard = await prisma.runShard.findUnique({ where: { runId_index: { runId, index } }, select: { startAt: true } });
    const stored = run && parseStoredConfig(run.config);
    if (!run || !stored || !shard) throw new Error('the run or its configuration is gone');
    const target = run.targetId ? await getTargetWithSecret(run.targetId) : null;
    const bound = target?.secret && target.secret.boundTo === keyBinding(stored.target.url, stored.target.apiKeyHeader);
    const config = shardConfig({ ...stored, target: { ...stored.target, apiKey: bound ? target.secret!.apiKey : undefined, secretHeaders: bound ? target.secret!.headers : undefined } }, index);
    log(`share ${index + 1} of ${stored.workers} of run ${runId}: starting at ${shard.startAt.toISOString()}`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shard.startAt.getTime() - Date.now())));
    const buffer: Prisma.ShardPointCreateManyInput[] = [];
    let result: StageResult | undefined;
    const handle = startRun([{ id: `${runId}#${index}`, label: `share ${index + 1}`, config }], {
      onPoint: (_stage, point) => {
        buffer.push({ runId, index, second: point.second, point: jsonColumn(point) });
        if (current) current.last = point;
      },
      onStageEnd: (_stage, stageResult) => (result = stageResult),
    });
    current = { runId, index, handle };
    let writing = Promise.resolve();
    const flush = () => {
      const batch = buffer.splice(0);
      writing = writing.then(async () => {
        if (batch.length) await prisma.shardPoint.createMany({ data: batch, skipDuplicates: true });
        const row = await prisma.runShard.update({ where: { runId_index: { runId, index } }, data: { heartbeatAt: new Date() }, select: { cancelRequested: true, status: true } });
        // Lost already (a pause longer than the heartbeat allows): the run counted what it had; stop.
        if (row.cancelRequested || row.status !== 'running') handle.cancel();
      });
      return writing;
    };
    const flusher = setInterval(() => void flush().catch((error: unknown) => log(`writing share ${index + 1} of run ${runId}: ${error instanceof Error ? error.message : error}`)), 1000);
    const canceller = setInterval(() => {
      void prisma.runShard.findUnique({ where: { runId_index: { runId, index } }, select: { cancelRequested: true } }).then((row) => row?.cancelRequested && handle.cancel(), () => undefined);
    }, 250);
    try {
      await handle.done;
    } finally {
      clearInterval(flusher);
      clearInterval(canceller);
    }
    await flush();
    // Written only while the share is still this worker's and running: a lost share stays lost (counted from its seconds).
    await prisma.runShard.updateMany({ where: { runId, index, workerId: id, status: 'running' }, data: { status: 'done', result: jsonColumn(result ?? {}), heartbeatAt: new Date() } });
    log(`share ${index + 1} of run ${runId}: done, ${result?.requests ?? 0} requests`);
  }

  return {
    id,
    async stop() {
      clearInterval(heartbeat);
      current?.handle?.cancel();
      await queue.stop(15_000);
      await prisma.loadWorker.update({ where: { id }, data: { stoppedAt: new Date(), currentRunId: null } }).catch(() => undefined);
    },
  };
}
