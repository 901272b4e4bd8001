/**
 * The benchmarks' target: bench/fast-server.mjs in its own process, a keep-alive HTTP server
 * answering 200 as fast as it can. No other imports, so it adds nothing to a measured process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export async function startFastServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'fast-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const match = /listening (\d+)/.exec(d.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the fast server exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}
