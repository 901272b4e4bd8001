/**
 * A throwaway directory the `postgres` user can reach: mkdtemp makes it 0700, and as root
 * the embedded PostgreSQL runs as `postgres`, so it is opened up to 0755.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
