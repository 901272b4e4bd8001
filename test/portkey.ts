/**
 * A real gateway for tests: Portkey's open-source AI gateway from npm, both published versions
 * installed side by side as npm aliases (portkey-gateway-1-9, portkey-gateway-1-15). It routes
 * to an OpenAI-compatible upstream named in headers: `x-portkey-provider: openai` and
 * `x-portkey-custom-host: <upstream>/v1`. Loopback only.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port';

export const PORTKEY_VERSIONS = { '1.9.8': 'portkey-gateway-1-9', '1.15.2': 'portkey-gateway-1-15' } as const;
export type PortkeyVersion = keyof typeof PORTKEY_VERSIONS;

export interface Portkey {
  url: string;
  version: PortkeyVersion;
  close(): Promise<void>;
}

/** Starts the gateway and waits until it answers (it only takes `--port=N`; `--port N` binds 8787). */
export async function startPortkey(version: PortkeyVersion): Promise<Portkey> {
  const entry = path.resolve('node_modules', PORTKEY_VERSIONS[version], 'build/start-server.js');
  const port = await freePort();
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Portkey ${version} exited with code ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Portkey ${version} did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    version,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The headers that make Portkey forward to an OpenAI-compatible upstream. */
export function portkeyHeaders(upstreamBaseUrl: string): Record<string, string> {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamBaseUrl.replace(/\/$/, '')}/v1` };
}
