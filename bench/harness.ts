/** What the dashboard benchmarks share: a throwaway database and the app served on it. */
import '../scripts/server-process'; // the app's server modules may load (see there)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { hashPassword } from '../lib/auth/passwords';
import { randomToken, tokenHash } from '../lib/auth/tokens';
import { openDatabase } from '../lib/db/database';
import { PrismaClient } from '../lib/db/generated/client';
import { freePort } from '../test/free-port';
import { makeTempDir, removeTempDir } from '../test/temp-dir';

export interface ThrowawayDatabase {
  url: string;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** An embedded PostgreSQL in a temporary directory, migrated, removed on close. */
export async function throwawayDatabase(options: { logQueries?: boolean } = {}): Promise<ThrowawayDatabase> {
  const dataDir = makeTempDir('gateway-bench-bench');
  const db = await openDatabase({ dataDir, pgPort: await freePort() });
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: db.url }),
    ...(options.logQueries ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {}),
  });
  return {
    url: db.url,
    prisma,
    async close() {
      await prisma.$disconnect();
      await db.close();
      removeTempDir(dataDir);
    },
  };
}

/** `npm start`'s script on the given database (it builds first when the sources changed). */
export async function startApp(databaseUrl: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const app = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/start.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    app.stdout.on('data', (d: Buffer) => d.toString().includes('ready on') && resolve());
    app.once('exit', (code) => reject(new Error(`the app exited with code ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        app.once('exit', () => resolve());
        app.kill('SIGTERM');
      }),
  };
}

/** A signed-in session for the benchmark's requests (made directly in the database). */
export async function benchSession(prisma: PrismaClient, base: string, role: 'viewer' | 'operator' | 'admin' = 'admin'): Promise<Record<string, string>> {
  const user = await prisma.user.create({ data: { email: `bench-${role}-${randomToken().slice(0, 8)}@example.com`, passwordHash: await hashPassword(randomToken()), role } });
  const token = randomToken();
  await prisma.session.create({ data: { id: tokenHash(token), userId: user.id, expiresAt: new Date(Date.now() + 24 * 3600_000) } });
  return { cookie: `gb_session=${token}`, origin: base };
}
