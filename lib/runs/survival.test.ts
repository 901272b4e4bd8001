/**
 * The server process dies or is stopped mid-run: what it measured survives. SIGTERM stops the
 * run and writes everything (cancelled); kill -9 leaves the flushed seconds, and the next
 * start marks the run interrupted with a partial summary from them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../db/embedded';
import { queryRows } from '../../test/database';
import { freePort } from '../../test/free-port';
import { makeTempDir, removeTempDir } from '../../test/temp-dir';

const fixture = path.resolve('test/backend-host.ts');

function host(dataDir: string, port: number, mode: string): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, String(port), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`backend host exited with ${code}`)));
  });
  return { child, line };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

async function readRun(dataDir: string, port: number, id: string) {
  const db = await startEmbeddedPostgres({ dataDir, port });
  try {
    const [run] = await queryRows<{ status: string; requests: number | null; statusReason: string | null }>(db.url, 'SELECT status, requests, "statusReason" FROM "Run" WHERE id = $1', [id]);
    const [{ sum, count }] = await queryRows<{ sum: string | null; count: string }>(db.url, 'SELECT sum(requests) AS sum, count(*) AS count FROM "RunPoint" WHERE "runId" = $1', [id]);
    return { ...run, pointRequests: Number(sum ?? 0), seconds: Number(count) };
  } finally {
    await db.stop();
  }
}

describe('a run survives its server stopping', () => {
  let dataDir: string;
  let port: number;

  beforeEach(async () => {
    dataDir = makeTempDir('survival');
    port = await freePort();
  });
  afterEach(() => removeTempDir(dataDir));

  it('SIGTERM mid-run: the run stops, everything is written, it ends cancelled', async () => {
    const { child, line } = host(dataDir, port, 'launch');
    const id = (await line).replace('run ', '');
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    const run = await readRun(dataDir, port, id);
    expect(run.status).toBe('cancelled');
    expect(run.requests).toBeGreaterThan(100);
    expect(run.pointRequests).toBe(run.requests);
  });

  it('kill -9 mid-run: the next start marks it interrupted, with the seconds flushed before', async () => {
    const first = host(dataDir, port, 'launch');
    const id = (await first.line).replace('run ', '');
    await new Promise((r) => setTimeout(r, 4500)); // past two 2-second flushes
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = host(dataDir, port, 'recover');
    expect(await second.line).toBe('ready');
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);

    const run = await readRun(dataDir, port, id);
    expect(run.status).toBe('interrupted');
    expect(run.statusReason).toMatch(/server stopped while this run was going/);
    expect(run.seconds).toBeGreaterThanOrEqual(2);
    expect(run.requests).toBe(run.pointRequests);
    expect(run.requests).toBeGreaterThan(100);
  });
});
