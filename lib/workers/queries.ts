/** Reads about load workers for the Workers page. */
import { getPrisma } from '../db/client';

/** Seen within this long: online. */
export const ONLINE_WITHIN_MS = 5000;

/** Workers that heartbeated lately and have not stopped (the Workers page's idle or busy). */
export function countOnlineWorkers(): Promise<number> {
  return getPrisma().loadWorker.count({ where: { stoppedAt: null, lastSeenAt: { gt: new Date(Date.now() - ONLINE_WITHIN_MS) } } });
}

/** The app's health as /metrics reports it: the database answers (or this throws), runs going, workers online. */
export async function appHealth(runsRunning: number) {
  const [, workersOnline] = await Promise.all([getPrisma().$queryRaw`SELECT 1`, countOnlineWorkers()]);
  return { databaseUp: true, runsRunning, workersOnline };
}

export async function listWorkers() {
  const rows = await getPrisma().loadWorker.findMany({
    where: { OR: [{ stoppedAt: null }, { stoppedAt: { gt: new Date(Date.now() - 24 * 3600_000) } }] },
    orderBy: [{ lastSeenAt: 'desc' }],
    take: 200,
  });
  const now = Date.now();
  return rows.map((row) => {
    const health = row.health as { clientBusy?: number; sendLagP99Ms?: number | null; openConnections?: number; hostCpuBusy?: number };
    const state = row.stoppedAt ? 'stopped' : now - row.lastSeenAt.getTime() <= ONLINE_WITHIN_MS ? (row.currentRunId ? 'busy' : 'idle') : 'lost';
    return { ...row, health, state } as const;
  });
}

/** A split run's seconds per worker (for "per worker" on the run page): RPS, p95, requests and failures. */
export async function shardSeries(runId: string) {
  const prisma = getPrisma();
  const [shards, points] = await Promise.all([
    prisma.runShard.findMany({ where: { runId }, orderBy: { index: 'asc' }, select: { index: true, status: true, worker: { select: { name: true } } } }),
    prisma.shardPoint.findMany({ where: { runId, second: { gte: 0 } }, orderBy: [{ index: 'asc' }, { second: 'asc' }] }),
  ]);
  return shards.map((shard) => ({
    index: shard.index,
    worker: shard.worker?.name ?? null,
    status: shard.status,
    points: points
      .filter((p) => p.index === shard.index)
      .map((p) => {
        const point = p.point as { rps: number; p95Ms: number | null; requests: number; failures: number };
        return { second: p.second, rps: point.rps, p95Ms: point.p95Ms, requests: point.requests, failures: point.failures };
      }),
  }));
}

export type ShardSeries = Awaited<ReturnType<typeof shardSeries>>;
