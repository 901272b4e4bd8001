/** Reads about runs, one function per question the UI asks. */
import { getPrisma } from '../db/client';

export async function countRuns(): Promise<number> {
  return getPrisma().run.count();
}

export async function listRecentRuns(limit = 10) {
  return getPrisma().run.findMany({
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: {
      id: true,
      status: true,
      targetName: true,
      gatewayName: true,
      gatewayVersion: true,
      instanceCount: true,
      createdAt: true,
      requests: true,
      rps: true,
      latencyP95Ms: true,
    },
  });
}

export type RecentRun = Awaited<ReturnType<typeof listRecentRuns>>[number];
