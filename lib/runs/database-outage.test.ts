/**
 * The database goes away mid-run. For a while (10 s here): the points wait in memory and
 * are written when it returns, nothing lost. For longer than the bound: the run stops,
 * and once the database is back it is marked failed with the reason, keeping what was written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import type { PrismaClient } from '../db/generated/client';
import { applyMigrations } from '../db/migrate';
import { startMockServer, type MockServer } from '../mock/server';
import { runConfigSchema } from '../runner/config';
import { freePort } from '../../test/free-port';
import { testPrisma } from '../../test/prisma';
import { makeTempDir, removeTempDir } from '../../test/temp-dir';
import { RunManager } from './manager';
import { countedRequests } from '../../test/run-counts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the database is unavailable mid-run', () => {
  let dataDir: string;
  let port: number;
  let db: EmbeddedDatabase;
  let prisma: PrismaClient;
  let mock: MockServer;

  beforeEach(async () => {
    dataDir = makeTempDir('outage');
    port = await freePort();
    db = await startEmbeddedPostgres({ dataDir, port });
    await applyMigrations(db.url);
    prisma = testPrisma(db.url);
    mock = await startMockServer({ port: 0, latencyMs: 5 });
  });

  afterEach(async () => {
    await mock.close();
    await prisma.$disconnect();
    await db.stop();
    removeTempDir(dataDir);
  });

  const launch = (manager: RunManager, durationMs: number) =>
    manager.launch({
      config: runConfigSchema.parse({ target: { url: `${mock.url}/v1/chat/completions` }, load: { model: 'closed', users: 2 }, durationMs, warmupMs: 0 }),
      target: { id: null, name: 'mock', url: mock.url },
      labels: { tags: [] },
    });

  it('for 10 s: everything is written once it is back', async () => {
    const manager = new RunManager(prisma, 60_000);
    const { runIds } = await launch(manager, 16_000);
    await sleep(2500);
    await db.stop();
    await sleep(10_000);
    db = await startEmbeddedPostgres({ dataDir, port });
    await manager.settled(runIds[0]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { points: true } });
    expect(run.status).toBe('completed');
    expect(run.points.length).toBeGreaterThanOrEqual(16);
    expect(countedRequests(run).requests).toBe(run.requests);
  }, 60_000);

  it('for longer than the bound: the run stops and is marked failed with the reason', async () => {
    const manager = new RunManager(prisma, 3000);
    const { runIds } = await launch(manager, 60_000);
    await sleep(2500);
    await db.stop();
    await sleep(8000);
    db = await startEmbeddedPostgres({ dataDir, port });
    await manager.settled(runIds[0]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { points: true } });
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(/database was unreachable for more than 3 s/);
    // What was written before the outage is kept (the flush at 2 s).
    expect(run.points.length).toBeGreaterThanOrEqual(1);
    expect(run.points[0].requests).toBeGreaterThan(0);
  }, 60_000);
});
