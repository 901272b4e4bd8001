/**
 * Which keys encrypt target secrets in this process: SECRET_KEY (required to save) and
 * SECRET_KEY_PREVIOUS (still accepted for reading while rotating). `npm start` sets
 * SECRET_KEY from DATA_DIR/secret-key when the environment has none, creating it once.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseKey } from './cipher';

export function currentKeys(env: Record<string, string | undefined> = process.env): { current: Buffer; all: Buffer[] } {
  if (!env.SECRET_KEY) throw new Error('SECRET_KEY is not set: start the app with `npm start`, which provides one.');
  const current = parseKey(env.SECRET_KEY);
  const previous = env.SECRET_KEY_PREVIOUS ? [parseKey(env.SECRET_KEY_PREVIOUS, 'SECRET_KEY_PREVIOUS')] : [];
  return { current, all: [current, ...previous] };
}

/** The key file in DATA_DIR, created (mode 0600) on first use. */
export function keyFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'secret-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
