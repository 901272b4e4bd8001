/**
 * The app started by `npm start`'s own script on a data directory of a test's own (its log
 * read, its process signalled), beside the shared server the other tests use. It serves the
 * production build the shared server made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export interface OwnServer {
  base: string;
  dataDir: string;
  pgPort: number;
  /** Everything the process printed so far. */
  log(): string;
  process: ChildProcess;
  exited: Promise<number | null>;
  /** postgresql:// URL of its embedded database. */
  databaseUrl(): string;
}

export function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-e2e-own-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Starts the app and waits until /api/health answers 200. */
export async function startOwnServer(options: { dataDir: string; port?: number; pgPort?: number; env?: Record<string, string> }): Promise<OwnServer> {
  const port = options.port ?? (await freePort());
  const pgPort = options.pgPort ?? (await freePort());
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: options.dataDir, DATABASE_URL: '', HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', GATEWAY_BENCH_SKIP_BUILD: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.status, { timeout: 180_000, intervals: [500], message: `the app did not become healthy:\n${log}` })
    .toBe(200);
  return {
    base,
    dataDir: options.dataDir,
    pgPort,
    log: () => log,
    process: child,
    exited,
    databaseUrl: () => {
      const password = fs.readFileSync(path.join(options.dataDir, 'postgres-password'), 'utf8').trim();
      return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/gateway_bench`;
    },
  };
}

/** Signals the app and waits for it to exit; returns its exit code. */
export async function stopOwnServer(server: OwnServer, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
  if (server.process.exitCode !== null) return server.process.exitCode;
  server.process.kill(signal);
  return Promise.race([server.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the app did not exit within ${timeoutMs} ms of ${signal}:\n${server.log()}`)), timeoutMs))]);
}

/** A fresh browser context signed in to `base` as `who`, on the Overview page. */
export async function signedIn(browser: Browser, base: string, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  return page;
}

/** Starts a 2-user run of `duration` on the built-in mock and waits until it has measured something; returns its id. */
export async function startMockRun(page: Page, duration: string): Promise<string> {
  await page.goto('/runs/new');
  await page.getByLabel('Users', { exact: true }).fill('2');
  await page.getByLabel('Duration', { exact: true }).fill(duration);
  await page.getByLabel('Warm-up', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]{10}$/);
  await expect(page.getByTestId('live-requests')).not.toHaveText('0', { timeout: 10_000 });
  return page.url().split('/runs/')[1];
}

/** The pid in the embedded PostgreSQL's postmaster.pid, and every process it started. */
export function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}
