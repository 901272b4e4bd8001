/**
 * The real start script (`npm start`) stopped and killed mid-run, on a data directory of its
 * own: SIGTERM saves the run and exits 0 with PostgreSQL stopped; kill -9 leaves a run the next
 * start marks interrupted; each ending shows its banner. With its PostgreSQL gone, /api/health
 * answers 503.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Client } from 'pg';
import { makeDataDir, signedIn, startMockRun, startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { screenshot } from './screenshot';

const ADMIN = { email: 'lifecycle@example.com', password: 'lifecycle admin pw' };

/** The run page's status banner (Next's route announcer is an alert too). */
const banner = (page: Page) => page.getByRole('alert').filter({ hasText: /^This run / });

const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

test('SIGTERM saves a running run and stops PostgreSQL; kill -9 leaves it for the next start to mark interrupted; health says when the database is gone', async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = makeDataDir();
  const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  let server: OwnServer | undefined;
  try {
    // 1. SIGTERM mid-run.
    server = await startOwnServer({ dataDir, env });
    const { pgPort } = server;
    let page = await signedIn(browser, server.base, ADMIN);
    const stopped = await startMockRun(page, '2m');
    await page.context().close();
    expect(await stopOwnServer(server, 'SIGTERM')).toBe(0);
    expect(server.log()).toContain('stopping runs in progress and saving their results');
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(await portAnswers(pgPort)).toBe(false);

    // 2. The next start finds the run cancelled, with everything it measured; then kill -9 mid-run.
    server = await startOwnServer({ dataDir, env, pgPort });
    page = await signedIn(browser, server.base, ADMIN);
    await page.goto(`/runs/${stopped}`);
    await expect(banner(page)).toContainText('This run was cancelled.');
    await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible();
    const saved = await (await page.request.get(`/api/runs/${stopped}/export?format=json`)).json();
    expect(saved.run.requests).toBeGreaterThan(0);
    expect(saved.series.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(saved.run.requests);

    const killed = await startMockRun(page, '2m');
    await page.waitForTimeout(4500); // past two 2-second flushes
    await page.context().close();
    expect(await stopOwnServer(server, 'SIGKILL')).toBeNull();

    // 3. The next start stops the orphaned PostgreSQL and marks the run interrupted.
    server = await startOwnServer({ dataDir, env, pgPort });
    expect(server.log()).toMatch(/1 run\(s\) left unfinished by the last process are now marked interrupted/);
    page = await signedIn(browser, server.base, ADMIN);
    await page.goto(`/runs/${killed}`);
    await expect(banner(page)).toContainText('This run was interrupted.');
    await expect(banner(page)).toContainText('server stopped while this run was going');
    await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible();
    await screenshot(page, 'run-interrupted');

    // A failed run (here: a row as the run manager writes it when the database was lost) says why.
    const [{ id: failed }] = await query<{ id: string }>(
      server.databaseUrl(),
      `INSERT INTO "Run" (id, "targetName", "targetUrl", config, status, "statusReason", "stageLabel", "finishedAt")
       SELECT 'FailedRun1', "targetName", "targetUrl", config, 'failed', $1, "stageLabel", now() FROM "Run" WHERE id = $2 RETURNING id`,
      ['The database was unreachable for more than 30 s, so the run was stopped; results written before that are kept.', killed],
    );
    await page.goto(`/runs/${failed}`);
    await expect(banner(page)).toContainText('This run failed.');
    await expect(banner(page)).toContainText('The database was unreachable for more than 30 s');
    await screenshot(page, 'run-failed');

    // 4. PostgreSQL goes away under the running app: health says so with 503.
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
    await expect.poll(async () => (await page.request.get('/api/health')).status(), { timeout: 20_000 }).toBe(503);
    const health = await (await page.request.get('/api/health')).json();
    expect(health).toMatchObject({ status: 'degraded', database: { status: 'down' } });
    await page.context().close();
  } finally {
    if (server) await stopOwnServer(server, 'SIGTERM').catch(() => stopOwnServer(server!, 'SIGKILL'));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
