/**
 * Scale out on loopback: the app's run manager and job queue in this process, three load workers
 * as child processes (`scripts/worker.ts`), a fixed-latency mock target. A split run achieves
 * its total rate with the same percentiles as one process; a worker killed with SIGKILL leaves a
 * degraded run whose every request is counted once; cancel stops every worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { JobQueue, registerJobQueue } from '../jobs/queue';
import { spawnMockProcess } from '../mock/child';
import { launchFromFields } from '../runs/launch';
import { RunManager } from '../runs/manager';
import { registerRunManager } from '../runs/registry';
import { parseStoredReport } from '../runs/stored';
import { shardSeries } from './queries';
import { useAppDatabase } from '../../test/app-database';
import { createApiToken } from '../auth/api-tokens';
import { createUser } from '../auth/users';
import { until as untilEvery } from '../../test/until';

/** Worker states change fast here: polled every 100 ms. */
const until = <T>(check: () => Promise<T | false | null | undefined>, timeoutMs: number, what: string) => untilEvery(check, timeoutMs, what, 100);
import type { TestDatabase } from '../../test/database';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

function startWorker(databaseUrl: string, name: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/worker.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SECRET_KEY, WORKER_NAME: name, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  return child;
}


describe('a run split across load workers', () => {
  let db: TestDatabase;
  let manager: RunManager;
  let queue: JobQueue;
  // The target in a process of its own: its replies are not delayed by this process's merging and writes.
  let mock: Awaited<ReturnType<typeof spawnMockProcess>>;
  let targetId: string;
  const workers: ChildProcess[] = [];
  const online = async (count: number) =>
    until(async () => (await getPrisma().loadWorker.count({ where: { stoppedAt: null, lastSeenAt: { gt: new Date(Date.now() - 3000) } } })) >= count, 60_000, `${count} workers`);
  const startWorkers = async (names: string[]) => {
    workers.push(...names.map((name) => startWorker(db.url, name)));
    await online(workers.filter((w) => w.exitCode === null && w.signalCode === null).length);
    // The queue's workers poll every 0.5 s once registered.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  };
  const launch = async (fields: Record<string, string>) => {
    const result = await launchFromFields({ targetId, warmup: '1s', loadModel: 'open', poisson: '', maxInFlight: '200', ...fields }, null);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.runIds[0];
  };

  beforeAll(async () => {
    process.env.SECRET_KEY = SECRET_KEY;
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    registerRunManager(manager);
    queue = await JobQueue.start({ databaseUrl: db.url, handlers: {} });
    registerJobQueue(queue);
    mock = await spawnMockProcess(['--latency', '20']);
    targetId = (await getPrisma().target.create({ data: { name: 'mock 20 ms', baseUrl: mock.url } })).id;
    await startWorkers(['w1', 'w2', 'w3']);
  }, 120_000);
  afterAll(async () => {
    const running = workers.filter((w) => w.exitCode === null && w.signalCode === null);
    const exited = running.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    for (const worker of running) worker.kill('SIGTERM');
    await Promise.all(exited);
    await manager.shutdown();
    await queue.stop();
    registerJobQueue(undefined);
    await mock.close();
    await db.drop();
  });

  it('3 × 300 req/s achieves 900 req/s with the percentiles of one process', async () => {
    const split = await launch({ rate: '900', duration: '6s', workers: '3' });
    await manager.settled(split);
    const prisma = getPrisma();
    const run = await prisma.run.findUniqueOrThrow({ where: { id: split } });
    expect(run.status, run.statusReason ?? '').toBe('completed');
    expect(run.rps! / 900).toBeGreaterThan(0.98);
    expect(run.rps! / 900).toBeLessThan(1.02);
    const shards = await prisma.runShard.findMany({ where: { runId: split }, orderBy: { index: 'asc' } });
    expect(shards.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    expect(new Set(shards.map((s) => s.workerId)).size).toBe(3);
    // Every second is one merged point; together with the drain they hold every counted request.
    const points = await prisma.runPoint.findMany({ where: { runId: split, second: { gte: 0 } } });
    expect(points.length).toBeGreaterThanOrEqual(6);
    const drain = parseStoredReport(run.report)?.drain?.requests ?? 0;
    expect(points.reduce((n, p) => n + p.requests, 0) + drain).toBe(run.requests);
    expect(Math.abs(points.find((p) => p.second === 3)!.rps - 900)).toBeLessThan(900 * 0.05);
    // Per worker, on demand: each share's own seconds, adding up to the merged ones.
    const perWorker = await shardSeries(split);
    expect(perWorker.map((s) => [s.index, s.status, s.worker])).toEqual([[0, 'done', expect.stringMatching(/^w[123]$/)], [1, 'done', expect.stringMatching(/^w[123]$/)], [2, 'done', expect.stringMatching(/^w[123]$/)]]);
    const second3 = perWorker.map((s) => s.points.find((p) => p.second === 3)!.requests);
    expect(second3.reduce((a, b) => a + b, 0)).toBe(points.find((p) => p.second === 3)!.requests);

    // The same load from one process, then each once more, alternating: a busy 2-core machine
    // only ever adds latency, so each side's lower p50 of two is the one compared.
    const once = async (workers: string) => {
      const id = await launch({ rate: '900', duration: '6s', workers });
      await manager.settled(id);
      return prisma.run.findUniqueOrThrow({ where: { id } });
    };
    const one = await once('1');
    const again = await once('3');
    const oneAgain = await once('1');
    const splitP50 = Math.min(run.latencyP50Ms!, again.latencyP50Ms!);
    const oneP50 = Math.min(one.latencyP50Ms!, oneAgain.latencyP50Ms!);
    console.log(`split 3 × 300: ${run.rps!.toFixed(1)} req/s, p50 ${run.latencyP50Ms} / ${again.latencyP50Ms} ms, p99 ${run.latencyP99Ms} ms; one process: ${one.rps!.toFixed(1)} req/s, p50 ${one.latencyP50Ms} / ${oneAgain.latencyP50Ms} ms, p99 ${one.latencyP99Ms} ms`);
    expect(Math.abs(splitP50 - oneP50), `split p50 ${splitP50} vs one process ${oneP50}`).toBeLessThan(1);
  }, 120_000);

  it('a worker killed mid-run leaves a degraded run, its seconds counted once; cancel reaches every worker', async () => {
    const prisma = getPrisma();
    const id = await launch({ rate: '600', duration: '10s', workers: '3' });
    await until(async () => (await prisma.runPoint.count({ where: { runId: id, second: { gte: 2 } } })) > 0, 30_000, 'the run to be under way');
    const victim = await prisma.runShard.findFirstOrThrow({ where: { runId: id, index: 1 }, include: { worker: true } });
    const process = workers.find((w) => victim.worker?.name === `w${workers.indexOf(w) + 1}`)!;
    process.kill('SIGKILL');
    await manager.settled(id);
    const run = await prisma.run.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe('completed');
    expect(run.validity).toBe('suspect');
    expect(run.validityReasons.join(' ')).toMatch(/worker 2 of 3 was lost \(no heartbeat since \d\d:\d\d:\d\d UTC\); its seconds until then are counted/);
    expect((await prisma.runShard.findMany({ where: { runId: id }, orderBy: { index: 'asc' } })).map((s) => s.status)).toEqual(['done', 'lost', 'done']);
    const points = await prisma.runPoint.findMany({ where: { runId: id, second: { gte: 0 } } });
    const drain = parseStoredReport(run.report)?.drain?.requests ?? 0;
    expect(points.reduce((n, p) => n + p.requests, 0) + drain).toBe(run.requests);
    // Two workers for the whole run, the lost one for part of it: between 2/3 and all of 600 req/s.
    expect(run.rps!).toBeGreaterThan(380);
    expect(run.rps!).toBeLessThan(600 * 1.02);

    // A replacement worker joins; the old run is over and it does not rejoin it. Then cancel.
    await startWorkers(['w4']);
    const long = await launch({ rate: '300', duration: '60s', workers: '3' });
    await until(async () => (await prisma.runShard.count({ where: { runId: long, status: 'running' } })) === 3, 30_000, 'three workers on the long run');
    await until(async () => (await prisma.runPoint.count({ where: { runId: long, second: { gte: 1 } } })) > 0, 30_000, 'the long run to be under way');
    const cancelledAt = Date.now();
    manager.cancel(long);
    await until(async () => (await prisma.runShard.count({ where: { runId: long, status: 'done' } })) === 3, 10_000, 'every worker to stop');
    console.log(`lost worker: ${run.requests} requests, ${run.rps!.toFixed(1)} req/s of 600; cancel → every worker stopped in ${Date.now() - cancelledAt} ms`);
    expect(Date.now() - cancelledAt).toBeLessThan(2500);
    await manager.settled(long);
    expect((await prisma.run.findUniqueOrThrow({ where: { id: long } })).status).toBe('cancelled');
  }, 180_000);

  it('an abortOnFail threshold stops a split run while it runs, judged on the merged seconds', async () => {
    const prisma = getPrisma();
    const startedAt = Date.now();
    // Every reply takes ~20 ms, so p95 < 5 fails as soon as it may: after 2 measured seconds.
    const id = await launch({ rate: '200', duration: '30s', workers: '2', thresholds: 'p95_ms < 5 abort after 2s\nerror_rate < 0.01' });
    await manager.settled(id);
    const run = await prisma.run.findUniqueOrThrow({ where: { id } });
    const report = parseStoredReport(run.report)!;
    console.log(`split abort: ${run.statusReason} (${Date.now() - startedAt} ms after launch)`);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(/^Threshold p95_ms < 5 failed after 2 s \(\d+(\.\d+)?\), so the run was stopped \(abortOnFail\)/);
    expect(report.thresholds).toMatchObject({ aborted: true, results: [{ expression: 'p95_ms < 5', passed: false }, { expression: 'error_rate < 0.01', passed: true }] });
    // Stopped at the third second or so, not after 30: the shared start, 1 s of warm-up, 2 s measured, and the stop.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect((await prisma.runShard.findMany({ where: { runId: id } })).map((s) => s.status)).toEqual(['done', 'done']);
  }, 60_000);

  it('the CLI starts a split run through the app’s API, follows it and exits 99 on a failed threshold', async () => {
    // The app's own route handlers behind an HTTP server (what `npm start` serves them with).
    const routes: [RegExp, string, () => Promise<(request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>>][] = [
      [/^\/api\/runs$/, 'POST', async () => (await import('../../app/api/runs/route')).POST as never],
      [/^\/api\/runs\/([\w-]+)\/verdict$/, 'GET', async () => (await import('../../app/api/runs/[id]/verdict/route')).GET as never],
      [/^\/api\/runs\/([\w-]+)\/live$/, 'GET', async () => (await import('../../app/api/runs/[id]/live/route')).GET as never],
      [/^\/api\/runs\/([\w-]+)\/export$/, 'GET', async () => (await import('../../app/api/runs/[id]/export/route')).GET as never],
    ];
    const server = http.createServer(async (req, res) => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      const route = routes.find(([pattern, method]) => method === req.method && pattern.test(url.pathname));
      if (!route) return void res.writeHead(404).end('{}');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
      const response = await (await route[2]())(request, { params: Promise.resolve({ id: route[0].exec(url.pathname)?.[1] ?? '' }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const operator = await createUser({ email: 'cli@example.com', password: 'long enough password', role: 'operator' });
      if (!operator.ok) throw new Error('user');
      const { token } = await createApiToken(operator.user.id, 'cli');
      const cli = spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve('scripts/bench.ts'), '--app', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--target', targetId, '--workers', '2', '--rate', '200', '--duration', '3s', '--warmup', '1s', '--threshold', 'error_rate<0.01', '--threshold', 'p95_ms<1', '--gateway-version', 'cli-split', '--json'],
        { env: { ...process.env, GB_TOKEN: token, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      cli.stdout!.on('data', (d: Buffer) => (stdout += d));
      cli.stderr!.on('data', (d: Buffer) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
      expect(code, stderr).toBe(99);
      const printed = JSON.parse(stdout);
      const run = await getPrisma().run.findUniqueOrThrow({ where: { id: printed.runId }, include: { shards: true } });
      expect(run).toMatchObject({ status: 'completed', gatewayVersion: 'cli-split', requests: printed.requests });
      expect(run.shards.map((s) => s.status)).toEqual(['done', 'done']);
      expect(printed.thresholds.results.map((t: { expression: string; passed: boolean }) => [t.expression, t.passed])).toEqual([['error_rate < 0.01', true], ['p95_ms < 1', false]]);
      expect(run.rps! / 200).toBeGreaterThan(0.95);
      console.log(`CLI split run: ${run.requests} requests, ${run.rps!.toFixed(1)} req/s over 2 workers, exit ${code}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});
