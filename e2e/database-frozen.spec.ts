/**
 * Finding 27–28: PostgreSQL frozen (every one of its processes stopped with SIGSTOP, as a
 * stalled disk or a paused VM does). Health says so within 2 s, API routes answer 503, pages
 * show "the database is not answering", a form keeps what was typed, and a run in progress
 * loses nothing once the database resumes. Stopping the app while it is frozen ends within
 * the shutdown bound, with a message.
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeDataDir, postgresProcesses, signedIn, startMockRun, startOwnServer, stopOwnServer, type OwnServer } from './own-server';
import { screenshot } from './screenshot';

const ADMIN = { email: 'frozen@example.com', password: 'frozen database pw' };

const signal = (pids: number[], name: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a frozen database: health, routes, pages and forms say so quickly; a run loses nothing; shutdown is bounded', async ({ browser }) => {
  test.setTimeout(300_000);
  const dataDir = makeDataDir();
  let server: OwnServer | undefined;
  let frozen: number[] = [];
  try {
    server = await startOwnServer({ dataDir, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DB_QUERY_TIMEOUT: '3' } });
    const page = await signedIn(browser, server.base, ADMIN);
    const run = await startMockRun(page, '25s');
    // A second tab with a form filled in before the freeze.
    const formPage = await page.context().newPage();
    await formPage.goto('/targets');
    const form = formPage.getByRole('form', { name: 'New target' });
    await form.getByLabel('Name').fill('Typed before the freeze');
    await form.getByLabel('Base URL').fill('http://127.0.0.1:9');

    frozen = postgresProcesses(dataDir);
    signal(frozen, 'SIGSTOP');

    // Health: 503 within 2 s, saying the database is down.
    const started = Date.now();
    const health = await page.request.get('/api/health');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: { status: 'down', error: expect.stringContaining('not answering') } });

    // A JSON route: 503 with a reason and Retry-After, not a hang or a bare 500.
    const runs = await page.request.get('/api/runs/NoSuchRun1/export?format=json', { timeout: 20_000 });
    expect(runs.status()).toBe(503);
    expect(runs.headers()['retry-after']).toBe('5');
    expect((await runs.json()).error).toContain('The database is not answering');

    // A form sent now: says nothing was saved and keeps what was typed.
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect(formPage.getByText('The database is not answering. Nothing was saved')).toBeVisible({ timeout: 20_000 });
    await expect(form.getByLabel('Name')).toHaveValue('Typed before the freeze');

    // A page: the "not answering" screen, not a spinner forever.
    await page.goto('/runs', { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'The database is not answering' })).toBeVisible({ timeout: 20_000 });
    await screenshot(page, 'database-not-answering');

    // It resumes: health is back, "Try again" shows the page, and the run finished with every second it measured.
    signal(frozen, 'SIGCONT');
    frozen = [];
    await expect.poll(async () => (await page.request.get('/api/health')).status(), { timeout: 20_000 }).toBe(200);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible({ timeout: 20_000 });
    await expect
      .poll(async () => (await (await page.request.get(`/api/runs/${run}/live`)).json()).status, { timeout: 150_000, intervals: [1000] })
      .toBe('completed');
    const saved = await (await page.request.get(`/api/runs/${run}/export?format=json`)).json();
    expect(saved.run.requests).toBeGreaterThan(0);
    // Every request is in a stored second, or in the drain after the stop (in flight when the 25 s ended).
    const inSeconds = saved.series.reduce((n: number, p: { requests: number }) => n + p.requests, 0);
    expect(saved.series).toHaveLength(25);
    expect(inSeconds + saved.run.report.drain.requests).toBe(saved.run.requests);
    await page.context().close();

    // Stopping while it is frozen: bounded, with a message, and PostgreSQL stops once it resumes.
    frozen = postgresProcesses(dataDir);
    signal(frozen, 'SIGSTOP');
    const stopStarted = Date.now();
    expect(await stopOwnServer(server, 'SIGTERM', 25_000)).toBe(1);
    expect(Date.now() - stopStarted).toBeLessThan(20_000);
    expect(server.log()).toContain('could not stop cleanly within 15 s');
    expect(server.log()).toMatch(/asked the embedded PostgreSQL \(pid \d+\) for an immediate shutdown/);
    const postmaster = frozen[0];
    signal(frozen, 'SIGCONT');
    frozen = [];
    await expect.poll(() => alive(postmaster), { timeout: 20_000 }).toBe(false);
  } finally {
    signal(frozen, 'SIGCONT');
    if (server) await stopOwnServer(server, 'SIGTERM').catch(() => stopOwnServer(server!, 'SIGKILL'));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
