/** `npm start` fails with one clear message and a non-zero exit, never a bare stack trace. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../test/free-port';
import { makeTempDir, removeTempDir } from '../test/temp-dir';

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/start.ts')], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function expectOneClearMessage(stderr: string, message: RegExp) {
  expect(stderr).toMatch(message);
  expect(stderr).toMatch(/\n\s+Fix: /);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('npm start refuses bad setups clearly', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = makeTempDir('start');
  });
  afterEach(() => removeTempDir(dataDir));

  it('when the embedded database port is taken', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = start({ DATA_DIR: dataDir, PG_PORT: String(port) });
      expect(result.status).toBe(1);
      expectOneClearMessage(result.stderr, new RegExp(`✖ Port ${port} for the embedded PostgreSQL is already in use`));
      expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('when the data directory cannot be written', () => {
    fs.writeFileSync(path.join(dataDir, 'file'), '');
    const result = start({ DATA_DIR: path.join(dataDir, 'file', 'data') });
    expect(result.status).toBe(1);
    expectOneClearMessage(result.stderr, /✖ The data directory .* cannot be written \(ENOTDIR\)/);
  });

  it('when DATABASE_URL points at nothing', () => {
    const result = start({ DATABASE_URL: 'postgresql://user:pw@127.0.0.1:1/app' });
    expect(result.status).toBe(1);
    expectOneClearMessage(result.stderr, /✖ Nothing accepts connections at 127\.0\.0\.1:1 \(DATABASE_URL\)/);
  });

  it('when a variable is malformed', () => {
    const result = start({ PORT: 'http' });
    expect(result.status).toBe(1);
    expectOneClearMessage(result.stderr, /✖ Invalid environment: PORT: PORT must be a port number \(got "http"\)/);
  });
});
