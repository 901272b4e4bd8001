import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../db/generated/client';
import { applyMigrations } from '../db/migrate';
import { startMockServer, type MockServer } from '../mock/server';
import { mergeEncoded, summarize } from '../runner/metrics/histogram';
import { runConfigSchema } from '../runner/config';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { testPrisma } from '../../test/prisma';
import { RunManager, ServerBusy } from './manager';
import { countedRequests } from '../../test/run-counts';

describe('RunManager persists runs while they go', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mock: MockServer;
  let manager: RunManager;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
    prisma = testPrisma(db.url);
    mock = await startMockServer({ port: 0, latencyMs: 5 });
    manager = new RunManager(prisma);
  });

  afterAll(async () => {
    await mock.close();
    await prisma.$disconnect();
    await db.drop();
  });

  const config = (extra: object) =>
    runConfigSchema.parse({ target: { url: `${mock.url}/v1/chat/completions`, apiKey: 'sk-secret-never-stored' }, load: { model: 'closed', users: 4 }, warmupMs: 0, ...extra });
  const target = () => ({ id: null, name: 'mock', url: mock.url });

  it('writes points, the summary and histograms, and keeps the API key out of the stored config', async () => {
    const { runIds } = await manager.launch({ config: config({ durationMs: 2500 }), target: target(), labels: { gatewayName: 'litellm', gatewayVersion: '1.79.1', instanceCount: 2, tags: ['smoke'] } });
    await manager.settled(runIds[0]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { points: true, histograms: true } });
    expect(run).toMatchObject({ status: 'completed', gatewayName: 'litellm', gatewayVersion: '1.79.1', instanceCount: 2, tags: ['smoke'], stageLabel: '4 users' });
    expect(run.requests).toBeGreaterThan(500);
    expect(run.failures).toBe(0);
    expect(countedRequests(run).requests).toBe(run.requests);
    expect(run.points.length).toBeGreaterThanOrEqual(3);
    const latency = run.histograms.find((h) => h.metric === 'latency')!;
    expect(summarize(mergeEncoded([Buffer.from(latency.encoded).toString('base64')]))!.p50).toBeCloseTo(run.latencyP50Ms!, 3);
    expect(JSON.stringify(run.config)).not.toContain('sk-secret-never-stored');
    expect(run.startedAt).toBeInstanceOf(Date);
    expect(run.finishedAt).toBeInstanceOf(Date);
  });

  it('serves a running stage live from memory, then hands over to the database once written', async () => {
    const { runIds } = await manager.launch({ config: config({ durationMs: 3000 }), target: target(), labels: { tags: [] } });
    await new Promise((r) => setTimeout(r, 1800));
    const live = manager.liveView(runIds[0], -1)!;
    expect(live).toMatchObject({ status: 'running', startedAt: expect.any(Date) });
    expect(live.points.length).toBeGreaterThanOrEqual(1);
    expect(manager.liveView(runIds[0], live.points.at(-1)!.second)!.points).toEqual([]);
    await manager.settled(runIds[0]);
    expect(manager.liveView(runIds[0], -1)).toBeUndefined();
    const stored = await prisma.runPoint.findMany({ where: { runId: runIds[0] }, orderBy: { second: 'asc' } });
    expect(stored.slice(0, live.points.length).map((p) => p.requests)).toEqual(live.points.map((p) => p.requests));
  });

  it('a cancelled run keeps its partial results', async () => {
    const { runIds } = await manager.launch({ config: config({ durationMs: 60_000 }), target: target(), labels: { tags: [] } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(manager.cancel(runIds[0])).toBe(true);
    await manager.settled(runIds[0]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { points: true } });
    expect(run.status).toBe('cancelled');
    expect(run.requests).toBeGreaterThan(100);
    expect(countedRequests(run).requests).toBe(run.requests);
  });

  it('refuses a launch past the server-wide caps, counting launches still starting (finding 7)', async () => {
    const caps = { maxRuns: 1, maxUsers: 6 };
    const launches = await Promise.allSettled([
      manager.launch({ config: config({ durationMs: 60_000 }), target: target(), labels: { tags: [] } }, caps),
      manager.launch({ config: config({ durationMs: 60_000 }), target: target(), labels: { tags: [] } }, caps),
    ]);
    expect(launches.map((l) => l.status)).toEqual(['fulfilled', 'rejected']);
    expect((launches[1] as PromiseRejectedResult).reason).toBeInstanceOf(ServerBusy);
    expect((launches[1] as PromiseRejectedResult).reason.message).toMatch(/^1 runs are already going on this server, the most it runs at once \(MAX_CONCURRENT_RUNS=1\)/);
    await expect(manager.launch({ config: config({ durationMs: 60_000 }), target: target(), labels: { tags: [] } }, { maxRuns: 5, maxUsers: 6 })).rejects.toThrow(
      'runs already going use 4 of the 6 users this server runs at once (MAX_ACTIVE_USERS); this one needs 4',
    );
    const { runIds } = (launches[0] as PromiseFulfilledResult<{ runIds: string[] }>).value;
    manager.cancel(runIds[0]);
    await manager.settled(runIds[0]);
    expect(manager.load()).toEqual({ runs: 0, users: 0 });
  });

  it('cancel ends a run whose users wait out a long think time at once (finding 8)', async () => {
    const { runIds } = await manager.launch({ config: config({ durationMs: 120_000, load: { model: 'closed', users: 3, thinkTimeMs: { min: 60_000, max: 60_000 } } }), target: target(), labels: { tags: [] } });
    await new Promise((r) => setTimeout(r, 800));
    const cancelledAt = Date.now();
    expect(manager.cancel(runIds[0])).toBe(true);
    await manager.settled(runIds[0]);
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    expect((await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] } })).status).toBe('cancelled');
  });

  it('a sweep is one run per stage, grouped', async () => {
    const { runIds, sweepId } = await manager.launch({ config: config({ requests: 40, sweep: [1, 2, 4] }), target: target(), labels: { tags: [] } });
    await manager.settled(runIds[0]);
    const runs = await prisma.run.findMany({ where: { sweepId }, orderBy: { sweepStage: 'asc' } });
    expect(runs.map((r) => [r.stageLabel, r.status, r.requests])).toEqual([
      ['1 user', 'completed', 40],
      ['2 users', 'completed', 40],
      ['4 users', 'completed', 40],
    ]);
  });

  it('on restart, runs left running are marked interrupted with a partial summary from their points', async () => {
    const run = await prisma.run.create({
      data: { targetName: 'x', targetUrl: 'http://127.0.0.1:1', config: {}, status: 'running', startedAt: new Date() },
    });
    await prisma.runPoint.createMany({
      data: [0, 1, 2].map((second) => ({ runId: run.id, second, requests: 100, failures: second, rps: 100, p50Ms: 10, p95Ms: 20 + second, p99Ms: 30, activeUsers: 10 })),
    });
    expect(await new RunManager(prisma).recoverInterrupted()).toBe(1);
    const after = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(after).toMatchObject({ status: 'interrupted', requests: 300, failures: 3, latencyP95Ms: 22 });
    expect(after.statusReason).toMatch(/server stopped/);
  });
});
