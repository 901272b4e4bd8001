/**
 * Benchmarks end to end on the real database, engine and job queue: saved from a run, run again
 * with a new version, judged against their history, announced to webhooks (retried with
 * backoff, allowlisted hosts only), and run on a schedule that survives a restart and fires
 * once per slot however many processes run the clock.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { startMockServer, type MockServer } from '../mock/server';
import { useAppDatabase } from '../../test/app-database';
import { until } from '../../test/until';
import type { TestDatabase } from '../../test/database';
import { startRecordingServer } from '../../test/recording-server';
import { launchBenchmark, launchFromFields } from '../runs/launch';
import { RunManager } from '../runs/manager';
import { registerRunManager } from '../runs/registry';
import { JobQueue, registerJobQueue, type JobHandlers } from '../jobs/queue';
import { createWebhook } from '../webhooks/store';
import { deliverWebhook } from '../webhooks/deliver';
import { afterRunWritten } from './after-run';
import { createBenchmarkFromRun, setBaseline, setSchedule, syncSchedules } from './mutations';
import { benchmarkRuns, recentRegressions } from './queries';
import { runScheduledBenchmark } from './scheduled';

const handlers: JobHandlers = { benchmarkRun: runScheduledBenchmark, webhookDelivery: deliverWebhook };
const startQueue = (url: string) => JobQueue.start({ databaseUrl: url, handlers, cronIntervalSeconds: 1, pollSeconds: 0.5, webhookRetryDelaySeconds: 1 });


describe('benchmarks', () => {
  let db: TestDatabase;
  let manager: RunManager;
  let queue: JobQueue;
  let mock: MockServer;
  let targetId: string;
  let benchmarkId: string;
  let firstRunId: string;
  beforeAll(async () => {
    process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString('base64');
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    manager.onRunWritten = (id) => afterRunWritten(id, 'http://bench.test');
    registerRunManager(manager);
    queue = await startQueue(db.url);
    registerJobQueue(queue);
    mock = await startMockServer({ port: 0, latencyMs: 2 });
    targetId = (await getPrisma().target.create({ data: { name: 'mock', baseUrl: mock.url } })).id;
    const first = await launchFromFields({ targetId, users: '2', duration: '1s', warmup: '0', gatewayName: 'Mock', gatewayVersion: '1.0' }, null);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    firstRunId = first.runIds[0];
    await manager.settled(firstRunId);
  });
  afterAll(async () => {
    await manager.shutdown();
    await queue.stop();
    registerJobQueue(undefined);
    await mock.close();
    await db.drop();
  });

  it('is saved from a run, which becomes its first point; names are unique and sweeps refused', async () => {
    const created = await createBenchmarkFromRun({ runId: firstRunId, name: 'Mock nightly' }, null);
    if (!created.ok) throw new Error(created.error);
    benchmarkId = created.id;
    expect((await benchmarkRuns(benchmarkId)).map((r) => r.id)).toEqual([firstRunId]);
    expect(await createBenchmarkFromRun({ runId: firstRunId, name: 'Again' }, null)).toEqual({ ok: false, error: 'this run is already a point of a benchmark' });
    const sweep = await launchFromFields({ targetId, users: '1', sweep: '1,2', duration: '1s', warmup: '0' }, null);
    if (!sweep.ok) throw new Error(JSON.stringify(sweep.errors));
    await manager.settled(sweep.runIds[0]);
    expect(await createBenchmarkFromRun({ runId: sweep.runIds[0], name: 'Sweep' }, null)).toEqual({ ok: false, error: "a benchmark is one load: save one stage's run of a sweep, not the sweep" });
    expect(await createBenchmarkFromRun({ runId: sweep.runIds[1], name: '  ' }, null)).toEqual({ ok: false, error: 'give the benchmark a name' });
  });

  it('runs again with its stored load and labels, the version given winning; the baseline is one of its runs', async () => {
    const next = await launchBenchmark(benchmarkId, { startedBy: null, labels: { gatewayVersion: '1.1' } });
    if (!next.ok) throw new Error(next.error);
    await manager.settled(next.runIds[0]);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: next.runIds[0] } });
    expect(run).toMatchObject({ benchmarkId, gatewayName: 'Mock', gatewayVersion: '1.1', status: 'completed', regressionVerdict: 'insufficient' });
    expect(run.config).toMatchObject({ durationMs: 1000, load: { model: 'closed', users: 2 } });
    expect(await setBaseline(benchmarkId, firstRunId)).toEqual({ ok: true });
    expect(await setBaseline(benchmarkId, 'nope')).toEqual({ ok: false, error: 'that run is not a run of this benchmark' });
  });

  it('finds a regression against its history, lists it, and tells a Slack webhook once', async () => {
    const slack = await startRecordingServer({ respond: (_req, res) => res.writeHead(200).end('ok') });
    try {
      const hook = await createWebhook({ name: 'team', url: `${slack.url}/hooks/T0/B0/x`, format: 'slack', events: ['regression.found'] }, null);
      expect(hook.ok).toBe(true);
      // A steady history: five completed runs at ~2 ms p95 and ~1,000 req/s.
      const prisma = getPrisma();
      for (let i = 0; i < 5; i++) {
        await prisma.run.create({
          data: {
            benchmarkId, targetId, targetName: 'mock', targetUrl: mock.url, config: {}, status: 'completed', gatewayName: 'Mock', gatewayVersion: '1.1',
            createdAt: new Date(Date.now() - 60_000 + i * 1000),
            latencyP50Ms: 2 + i * 0.02, latencyP95Ms: 3 + i * 0.03, latencyP99Ms: 4 + i * 0.04, rps: 900 + i * 5,
          },
        });
      }
      // The same benchmark against a target 40 ms slower: the new version regressed.
      await mock.close();
      mock = await startMockServer({ port: Number(new URL(mock.url).port), latencyMs: 40 });
      const slow = await launchBenchmark(benchmarkId, { startedBy: null, labels: { gatewayVersion: '1.2' } });
      if (!slow.ok) throw new Error(slow.error);
      await manager.settled(slow.runIds[0]);
      const run = await prisma.run.findUniqueOrThrow({ where: { id: slow.runIds[0] } });
      expect(run.regressionVerdict).toBe('regression');
      const listed = await recentRegressions();
      expect(listed.map((r) => r.id)).toEqual([run.id]);
      expect(listed[0].regression?.summary).toMatch(/^Regression against the last 7 runs: p50 latency \+\d+/);
      const delivery = await until(() => prisma.webhookDelivery.findFirst({ where: { status: 'delivered' } }), 15_000, 'the delivery');
      expect(delivery).toMatchObject({ event: 'regression.found', runId: run.id, attempts: 1, responseStatus: 200 });
      expect(slack.requests).toHaveLength(1);
      expect(slack.requests[0].path).toBe('/hooks/T0/B0/x');
      const body = JSON.parse(slack.requests[0].body) as { text: string };
      expect(body.text).toContain(':chart_with_upwards_trend: Mock nightly: Regression against the last 7 runs');
      expect(body.text).toContain(`<http://bench.test/runs/${run.id}|Mock 1.2>`);
      // Only the event it asked for: run.finished went to no one.
      expect(await prisma.webhookDelivery.count()).toBe(1);
    } finally {
      await slack.close();
      await getPrisma().webhook.deleteMany();
    }
  });

  it('retries a failing webhook with backoff, logging each attempt, until it answers', async () => {
    let calls = 0;
    const flaky = await startRecordingServer({ respond: (_req, res) => res.writeHead(++calls < 3 ? 503 : 204).end() });
    try {
      const hook = await createWebhook({ name: 'flaky', url: flaky.url, format: 'json', events: ['run.finished'] }, null);
      expect(hook.ok).toBe(true);
      const run = await launchBenchmark(benchmarkId, { startedBy: null });
      if (!run.ok) throw new Error(run.error);
      await manager.settled(run.runIds[0]);
      const prisma = getPrisma();
      const pending = await until(() => prisma.webhookDelivery.findFirst({ where: { attempts: 1 } }), 15_000, 'the first attempt');
      expect(pending).toMatchObject({ status: 'pending', responseStatus: 503, error: 'answered HTTP 503 (will retry)' });
      const delivered = await until(() => prisma.webhookDelivery.findFirst({ where: { status: 'delivered' } }), 30_000, 'the retries');
      expect(delivered).toMatchObject({ attempts: 3, responseStatus: 204, error: null });
      // Backoff: the gaps between attempts grow (1 s, then 2 s, with jitter).
      const gaps = flaky.requests.slice(1).map((r, i) => r.at - flaky.requests[i].at);
      expect(gaps[0]).toBeGreaterThan(500);
      expect(gaps[1]).toBeGreaterThan(gaps[0] * 0.9);
      const sent = JSON.parse(flaky.requests[0].body) as { event: string; run: { id: string; url: string }; benchmark: { name: string } };
      expect(sent).toMatchObject({ event: 'run.finished', run: { id: run.runIds[0], url: `http://bench.test/runs/${run.runIds[0]}` }, benchmark: { name: 'Mock nightly' } });
    } finally {
      await flaky.close();
      await getPrisma().webhook.deleteMany();
    }
  });

  it('refuses a webhook to a host the allowlist does not allow, and a URL that is not one', async () => {
    expect(await createWebhook({ name: 'x', url: 'http://10.20.30.40/hook', format: 'json', events: ['run.finished'] }, null)).toEqual({
      ok: false,
      errors: { url: expect.stringMatching(/^10\.20\.30\.40 is not an allowed host\. Allowed: /) },
    });
    expect(await createWebhook({ name: 'x', url: 'ftp://example', format: 'json', events: [] }, null)).toEqual({
      ok: false,
      errors: { url: "enter the webhook's http:// or https:// URL", events: 'tick at least one event' },
    });
  });

  it('runs on a schedule that survives a restart, once per slot with two processes, once per job', async () => {
    const prisma = getPrisma();
    const scheduled = () => prisma.run.findMany({ where: { benchmarkId, scheduleJobId: { not: null } }, orderBy: { createdAt: 'asc' } });
    expect(await setSchedule(benchmarkId, '0 25 * *')).toEqual({ ok: false, error: 'write five fields, minute hour day-of-month month day-of-week (UTC), e.g. "0 3 * * *" for 03:00 every day' });
    expect(await setSchedule(benchmarkId, '* * * * *')).toEqual({ ok: true, schedule: '* * * * *' });
    // Restart before the slot comes: the schedule lives in the database, not the process.
    await queue.stop();
    const second = await startQueue(db.url);
    const third = await startQueue(db.url);
    queue = second;
    registerJobQueue(second);
    try {
      expect(await syncSchedules(second)).toEqual({ scheduled: 0, removed: 0 });
      const [run] = await until(async () => {
        const runs = await scheduled();
        return runs.length > 0 && runs;
      }, 75_000, 'the scheduled run');
      await manager.settled(run.id);
      expect(await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'completed', benchmarkId, gatewayName: 'Mock' });
      // Both clocks passed over that slot several times: still one run. The same job again: none.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const slot = (d: Date) => Math.floor(d.getTime() / 60_000);
      const runs = await scheduled();
      expect(runs.filter((r) => slot(r.createdAt) === slot(run.createdAt))).toHaveLength(1);
      await runScheduledBenchmark({ id: run.scheduleJobId!, benchmarkId });
      expect((await scheduled()).filter((r) => r.scheduleJobId === run.scheduleJobId)).toHaveLength(1);
      // The next minute's slot fires from the restarted processes too, once.
      const next = await until(async () => (await scheduled()).find((r) => slot(r.createdAt) > slot(run.createdAt)), 75_000, 'the next slot');
      await manager.settled(next.id);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const slots = (await scheduled()).map((r) => slot(r.createdAt));
      expect(new Set(slots).size).toBe(slots.length);
      expect(await setSchedule(benchmarkId, '')).toEqual({ ok: true, schedule: null });
      expect(await second.scheduled()).toEqual([]);
    } finally {
      await third.stop();
    }
  }, 180_000);
});
