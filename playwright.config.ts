/**
 * Browser tests against a production build served by `npm start`'s own script, on a
 * throwaway embedded database (removed in e2e/global-teardown.ts). Uses Debian's
 * Chromium where installed (no browser download needed), else Playwright's own browser.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** Computed once in the runner; workers inherit them through the environment. */
function once(name: string, make: () => string): string {
  process.env[name] ??= make();
  return process.env[name]!;
}

const freePort = () =>
  execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], {
    encoding: 'utf8',
  });

const dataDir = once('E2E_DATA_DIR', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-e2e-'));
  fs.chmodSync(dir, 0o755);
  return dir;
});
const appPort = once('E2E_APP_PORT', freePort);
const pgPort = once('E2E_PG_PORT', freePort);
const systemChromium = '/usr/bin/chromium';

const adminState = path.join(dataDir, 'admin-state.json');

function browser() {
  return {
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    launchOptions: fs.existsSync(systemChromium)
      ? {
          executablePath: systemChromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
          ],
        }
      : {},
  };
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // A fresh install: the first-run screen creates the admin whose session the other tests use.
    { name: 'setup', testMatch: /first-run\.setup\.ts/, use: { ...browser() } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        ...browser(),
        storageState: adminState,
      },
    },
  ],
  webServer: {
    command: `node --import tsx scripts/start.ts`,
    url: `http://127.0.0.1:${appPort}/api/health`,
    env: { PORT: appPort, PG_PORT: pgPort, DATA_DIR: dataDir, DATABASE_URL: '', HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1' },
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
