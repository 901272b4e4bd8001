/**
 * Applies the hand-written migrations in prisma/migrations and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same
 * SHA-256 checksum of migration.sql), so either tool can take over from the other.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from './startup-error';

export const MIGRATIONS_DIR = path.resolve(/* turbopackIgnore: true */ process.cwd(), 'prisma', 'migrations');

// Prisma's own definition of its bookkeeping table.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// The key Prisma's migrate takes, so the two never run at once on one database.
const ADVISORY_LOCK_KEY = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  total: number;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = readMigrations(dir);
  const client = await connect(databaseUrl);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const recorded = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const failed = recorded.rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new StartupError(
        `Migration ${failed.migration_name} failed earlier and is recorded as unfinished in _prisma_migrations.`,
        `Repair the database by hand, then mark it resolved (\`npx prisma migrate resolve --rolled-back ${failed.migration_name}\`) or delete its row.`,
      );
    }
    const applied = new Map(recorded.rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined && checksum !== migration.checksum) {
        throw new StartupError(
          `Migration ${migration.name} was changed after it was applied to this database (checksum differs).`,
          'Restore the original migration.sql and put the change in a new migration.',
        );
      }
    }
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const migration of pending) await applyOne(client, migration);
    return { applied: pending.map((m) => m.name), total: migrations.length };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Each migration runs in one transaction: it applies whole or not at all. */
async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    // One clock, the database's: started when the transaction began (now()), finished as of this moment.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Migration ${migration.name} failed and was rolled back: ${reason}`,
      `Fix prisma/migrations/${migration.name}/migration.sql (nothing of it was applied), then start again.`,
      { cause: error },
    );
  }
}

export async function countAppliedMigrations(client: Pick<pg.Client, 'query'>): Promise<number> {
  const result = await client.query<{ count: string }>(
    'SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return Number(result.rows[0].count);
}

/** Connects, turning the usual failures into a message that names the cause and the fix. */
export async function connect(databaseUrl: string): Promise<pg.Client> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('not a postgres URL');
  } catch {
    throw new StartupError(
      'DATABASE_URL is not a PostgreSQL connection URL.',
      'Use the form postgresql://USER:PASSWORD@HOST:5432/DATABASE, or unset DATABASE_URL to use the embedded database.',
    );
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainConnectFailure(url, error);
  }
}

function explainConnectFailure(url: URL, error: unknown): StartupError {
  const where = `${url.hostname}:${url.port || 5432}`;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const unset = 'or unset DATABASE_URL to use the embedded database';
  switch (code) {
    case 'ECONNREFUSED':
      return new StartupError(`Nothing accepts connections at ${where} (DATABASE_URL).`, `Start PostgreSQL there, correct DATABASE_URL, ${unset}.`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`The host in DATABASE_URL (${url.hostname}) cannot be resolved.`, `Correct the host name in DATABASE_URL, ${unset}.`, { cause: error });
    case '28P01':
    case '28000':
      return new StartupError(`PostgreSQL at ${where} refused the user or password in DATABASE_URL: ${message}`, 'Correct the credentials in DATABASE_URL.', { cause: error });
    case '3D000':
      return new StartupError(`The database named in DATABASE_URL does not exist at ${where}: ${message}`, `Create it (\`createdb ${url.pathname.slice(1)}\`) or name an existing one.`, { cause: error });
    default:
      return new StartupError(`Cannot connect to PostgreSQL at ${where}: ${message}`, `Check DATABASE_URL and that the server is up, ${unset}.`, { cause: error });
  }
}
