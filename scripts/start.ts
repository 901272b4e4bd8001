// `npm start`: build the app when the sources changed, open the database (embedded unless
// DATABASE_URL is set), apply migrations, then serve Next.js. SIGINT/SIGTERM stop it all cleanly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { disconnectPrisma, getPrisma } from '../lib/db/client';
import { openDatabase, type OpenDatabase } from '../lib/db/database';
import { StartupError } from '../lib/db/startup-error';
import { parseEnv } from '../lib/env';
import { startBuiltinMock } from '../lib/mock/builtin';
import type { MockServer } from '../lib/mock/server';
import { RunManager } from '../lib/runs/manager';
import { registerRunManager } from '../lib/runs/registry';

const root = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
const log = (message: string) => console.log(`[gateway-bench] ${message}`);

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    throw new StartupError(`Invalid environment: ${parsed.problems.join('; ')}`, 'Correct the variables named above (see README, "Configuration").');
  }
  const { env } = parsed;

  let db: OpenDatabase | undefined;
  let server: http.Server | undefined;
  let runs: RunManager | undefined;
  let mock: MockServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping…`);
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await closed;
    if (runs) {
      log('stopping runs in progress and saving their results…');
      await runs.shutdown();
    }
    await mock?.close();
    await disconnectPrisma().catch(() => undefined);
    await db?.close();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  log(env.DATABASE_URL ? 'using the PostgreSQL server in DATABASE_URL' : `starting embedded PostgreSQL in ${path.resolve(env.DATA_DIR)} (port ${env.PG_PORT})`);
  db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PG_PORT });
  const { applied, total } = db.migrations;
  log(`migrations: ${total} in all, ${applied.length ? `applied now: ${applied.join(', ')}` : 'none pending'}`);
  if (stopping) return;
  process.env.DATABASE_URL = db.url;
  runs = new RunManager(getPrisma());
  const interrupted = await runs.recoverInterrupted();
  if (interrupted) log(`${interrupted} run(s) left unfinished by the last process are now marked interrupted`);
  registerRunManager(runs);
  mock = await startBuiltinMock(env.MOCK_PORT);
  log(`built-in Mock OpenAI target on ${mock.url}`);
  if (!dev) ensureBuild();

  const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server!.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(`Port ${env.PORT} is already in use.`, 'Stop whatever listens there or set PORT to a free port.')
          : error,
      ),
    );
    server!.listen(env.PORT, env.HOST, resolve);
  }).catch(async (error) => {
    await db?.close();
    throw error;
  });
  log(`ready on http://localhost:${env.PORT}`);
}

/** Builds with `next build` when there is no build yet or the sources changed since the last one. */
function ensureBuild() {
  const stampFile = path.join(root, '.next', 'source-fingerprint');
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stampFile);
  if (built && fs.readFileSync(stampFile, 'utf8') === fingerprint) return;
  log('building the app (next build, about half a minute)…');
  const result = spawnSync('npx', ['--no-install', 'next', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    throw new StartupError('`next build` failed (its output is above).', 'Fix the reported error, then run `npm start` again.');
  }
  fs.writeFileSync(stampFile, fingerprint);
}

function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const visit = (entry: string) => {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(full).sort()) {
        if (child !== 'generated' && child !== 'node_modules') visit(path.join(entry, child));
      }
    } else {
      hash.update(`${entry}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const entry of ['app', 'components', 'lib', 'public', 'prisma/schema.prisma', 'next.config.js', 'package-lock.json', 'postcss.config.mjs']) visit(entry);
  return hash.digest('hex');
}

main().catch((error) => {
  console.error(error instanceof StartupError ? error.format() : error);
  process.exit(1);
});
