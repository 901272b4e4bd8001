/**
 * The target misbehaving under a run started the way the dashboard starts one (RunManager,
 * persisted to PostgreSQL): it dies mid-run, hangs, or floods 5xx and 429. Each run must end
 * with every request counted and every failure classified, per second and in total; a run where
 * nothing succeeded ends failed, saying why.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../db/generated/client';
import { applyMigrations } from '../db/migrate';
import { startMockServer, type MockOptionsInput } from '../mock/server';
import { runConfigSchema } from '../runner/config';
import { parseStoredReport } from './stored';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { testPrisma } from '../../test/prisma';
import { RunManager } from './manager';
import { countedRequests } from '../../test/run-counts';

describe('a run survives its target misbehaving', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let manager: RunManager;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
    prisma = testPrisma(db.url);
    manager = new RunManager(prisma);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  async function runAgainst(options: MockOptionsInput, config: object, during?: (mock: Awaited<ReturnType<typeof startMockServer>>) => Promise<void>, expectedStatus = 'completed') {
    const mock = await startMockServer({ port: 0, ...options });
    try {
      const parsed = runConfigSchema.parse({ target: { url: `${mock.url}/v1/chat/completions` }, load: { model: 'closed', users: 4 }, warmupMs: 0, ...config });
      const { runIds } = await manager.launch({ config: parsed, target: { id: null, name: 'misbehaving', url: mock.url }, labels: { tags: [] } });
      await during?.(mock);
      await manager.settled(runIds[0]);
      const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { points: true } });
      const report = parseStoredReport(run.report)!;
      const errors = report.errors ?? {};
      // Every request counted once, per second and in total; every failure in exactly one class.
      expect(run.status, run.statusReason ?? '').toBe(expectedStatus);
      expect(countedRequests(run)).toEqual({ requests: run.requests, failures: run.failures });
      expect(Object.values(errors).reduce((n, e) => n + e.count, 0)).toBe(run.failures);
      for (const { sample } of Object.values(errors)) expect(sample.length).toBeGreaterThan(0);
      return { run, classes: errors, served: mock.served };
    } finally {
      await mock.close();
    }
  }

  it('the target dies mid-run: what came before is kept, what came after is connection refused or reset', async () => {
    const { run, classes } = await runAgainst({ latencyMs: 5 }, { durationMs: '3s' }, async (mock) => {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await mock.close();
    });
    // ~1.2 s of successes at 4 users × 5 ms (hundreds on a quiet machine; a busy one still sends dozens).
    expect(run.requests! - run.failures!).toBeGreaterThan(20);
    expect(run.failures).toBeGreaterThan(0);
    expect(Object.keys(classes).every((c) => c === 'connection_refused' || c === 'connection_reset')).toBe(true);
    expect(classes.connection_refused?.sample).toMatch(/ECONNREFUSED|refused/);
  });

  it('the target hangs: every request times out at the configured timeout, the run ends on time, failed, saying why', async () => {
    const started = Date.now();
    const { run, classes } = await runAgainst({ fault: 'hang' }, { durationMs: '2500ms', timeoutMs: '800ms', load: { model: 'closed', users: 3 } }, undefined, 'failed');
    expect(run.statusReason).toBe('No request succeeded: the target never replied in time (no complete reply within 800 ms).');
    expect(Object.keys(classes)).toEqual(['timeout']);
    expect(run.failures).toBe(run.requests);
    expect(run.requests).toBeGreaterThanOrEqual(6); // 3 users × at least 2 timeouts each in 2.5 s
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('the target floods 500s and 429s: both classed by status, beside the successes, with their messages', async () => {
    // A bucket of 300 requests (refilling 5/s): any run past ~310 requests in 2 s meets 429s, however busy the machine.
    const { run, classes, served } = await runAgainst({ latencyMs: 2, errorRate: 0.3, rateLimitRpm: 300 }, { durationMs: '2s' });
    expect(classes.http_429.count).toBe(served[429]);
    expect(classes.http_500.count).toBe(served[500]);
    expect(classes.http_429.sample).toContain('Rate limit reached');
    expect(classes.http_500.sample).toContain('mock upstream error');
    expect(run.requests! - run.failures!).toBe(served[200]);
  });
});
