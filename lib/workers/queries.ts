/** Reads about load workers for the Workers page. */
import { getPrisma } from '../db/client';

/** Seen within this long: online. */
export const ONLINE_WITHIN_MS = 5000;

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
