// `npm start`: build the app when the sources changed, open the database (embedded unless
// DATABASE_URL is set), apply migrations, then serve Next.js. SIGINT/SIGTERM stop it all cleanly.
import './require-node'; // first: refuses an old Node.js before anything else loads
import './server-process'; // the app's server modules may load (see there)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { startBackend, type Backend } from '../lib/backend';
import { StartupError } from '../lib/db/startup-error';
import { readServerPolicy } from '../lib/egress/server-policy';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from '../lib/auth/cookie';
import { pruneSessions } from '../lib/auth/sessions';
import { adminExists, ensureAdminFromEnv } from '../lib/auth/users';
import { parseEnv } from '../lib/env';
import { serveLiveFromMemory } from './live-fast-path';
import { serveSharedFromCache } from './shared-page-cache';
import { serveViewerPageFromCache } from './viewer-page-cache';
import { setLocalOrigin, warmRoutes, warmSharedLink } from '../lib/shares/page-cache';
import { currentKeys, keyFromDataDir } from '../lib/secrets/keys';

const root = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
const log = (message: string) => console.log(`[gateway-bench] ${message}`);
/** How long SIGINT/SIGTERM waits for runs to be saved and PostgreSQL to stop before it gives up. */
const SHUTDOWN_LIMIT_MS = 15_000;

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    throw new StartupError(`Invalid environment: ${parsed.problems.join('; ')}`, 'Correct the variables named above (see README, "Configuration").');
  }
  const { env } = parsed;
  const policy = readServerPolicy();
  if (!policy.ok) throw new StartupError(policy.error, 'Correct it (see README, "Security") and start again.');

  let backend: Backend | undefined;
  let server: http.Server | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping…`);
    // A database that does not answer must not keep the process alive: bound the whole stop.
    setTimeout(() => {
      log(`could not stop cleanly within ${SHUTDOWN_LIMIT_MS / 1000} s (is the database answering?); exiting anyway.`);
      log(`runs whose results were not saved are marked interrupted at the next start; ${backend?.abandon() ?? 'no database was open yet'}.`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await closed;
    await backend?.stop();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  backend = await startBackend({ databaseUrl: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR), pgPort: env.PG_PORT, mockPort: env.MOCK_PORT, publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`, log });
  if (stopping) return;
  try {
    useSecretKey(path.resolve(env.DATA_DIR));
    await prepareSignIn(env.PORT);
  } catch (error) {
    await backend.stop();
    throw error;
  }
  // Tests that start their own app beside the shared one serve the build it made (a rebuild would pull it from under it).
  if (!dev && process.env.GATEWAY_BENCH_SKIP_BUILD !== '1') ensureBuild();

  const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  server = http.createServer((req, res) => {
    // Sign-in rate limits key on the peer address; a client cannot choose it.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], env.TRUST_PROXY);
    // Live pages poll every second: a running stage is answered from memory, the rest by Next.
    // A crowd on one share link: its page and link image from the rendered copy (see there);
    // on a run page, signed-in viewers likewise (scripts/viewer-page-cache.ts).
    serveLiveFromMemory(req, res)
      .then((served) => served || serveSharedFromCache(req, res, handle))
      .then((served) => served || serveViewerPageFromCache(req, res, handle))
      .then(
        (served) => served || void handle(req, res),
        () => void (res.headersSent || handle(req, res)),
      );
  });
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
    await backend?.stop();
    throw error;
  });
  log(`ready on http://localhost:${env.PORT}`);
  const local = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const address = `${local.includes(':') ? `[${local}]` : local}:${env.PORT}`;
  setLocalOrigin(`http://${address}`);
  // The share page and link image routes, loaded once with a token that opens nothing: a route's
  // first request costs ~0.4 s (its code loads) and the image renderer's first image ~0.6 s
  // more, which a crowd arriving on a fresh link would otherwise queue behind.
  const here = { host: address, forwardedHost: null, forwardedProto: null };
  warmSharedLink('warm-up-opens-nothing-0000', here);
  // The run page's code too (a request without a session loads it, then is sent to sign in): the
  // first viewers of a run after a start would otherwise wait ~0.5 s on it, and those behind them longer.
  warmRoutes(['/runs/warm-up-opens-nothing', '/api/runs/warm-up-opens-nothing/live'], here);
}

/** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD, or a pointer to the first-run screen. */
async function prepareSignIn(port: number) {
  try {
    const created = await ensureAdminFromEnv(process.env);
    if (created) log(created);
  } catch (error) {
    throw new StartupError((error as Error).message, 'Correct the variables (see README, "Security") or unset them and use the first-run screen.');
  }
  await pruneSessions();
  if (!(await adminExists())) log(`no admin yet: open http://localhost:${port}/setup to create one (or set ADMIN_EMAIL and ADMIN_PASSWORD)`);
}

/** API keys are encrypted with SECRET_KEY; without one, a key kept in DATA_DIR/secret-key. */
function useSecretKey(dataDir: string) {
  if (!process.env.SECRET_KEY) {
    process.env.SECRET_KEY = keyFromDataDir(dataDir);
    log(`API keys are encrypted with the key in ${path.join(dataDir, 'secret-key')} (set SECRET_KEY to use your own)`);
  }
  try {
    currentKeys();
  } catch (error) {
    throw new StartupError((error as Error).message, 'Correct SECRET_KEY (and SECRET_KEY_PREVIOUS) or unset them; see README, "Security".');
  }
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
