import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, queryRows, type TestDatabase } from '../../test/database';
import { makeTempDir, removeTempDir } from '../../test/temp-dir';
import { applyMigrations, connect, countAppliedMigrations, readMigrations } from './migrate';
import { caught } from '../../test/caught';
import { StartupError } from './startup-error';


function writeMigration(dir: string, name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

describe('applyMigrations', () => {
  let db: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    dir = makeTempDir('migrations');
  });

  afterEach(async () => {
    await db.drop();
    removeTempDir(dir);
  });

  it("applies the project's migrations once and records them as Prisma does", async () => {
    const first = await applyMigrations(db.url);
    const migrations = readMigrations();
    expect(first.applied).toEqual(migrations.map((m) => m.name));

    const rows = await queryRows<{
      migration_name: string;
      checksum: string;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
      id: string;
    }>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const row of rows) {
      const file = fs.readFileSync(path.resolve('prisma/migrations', row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

    const second = await applyMigrations(db.url);
    expect(second).toEqual({ applied: [], total: migrations.length });
    const client = await connect(db.url);
    expect(await countAppliedMigrations(client)).toBe(migrations.length);
    await client.end();
  });

  it('applies only the new migration on the next start', async () => {
    writeMigration(dir, '20260101000000_a', 'CREATE TABLE a (id int);');
    expect((await applyMigrations(db.url, dir)).applied).toEqual(['20260101000000_a']);
    writeMigration(dir, '20260102000000_b', 'CREATE TABLE b (id int);');
    expect(await applyMigrations(db.url, dir)).toEqual({ applied: ['20260102000000_b'], total: 2 });
  });

  it('rolls a failing migration back whole, records nothing, and names it in the error', async () => {
    writeMigration(dir, '20260101000000_ok', 'CREATE TABLE ok (id int);');
    writeMigration(dir, '20260102000000_broken', 'CREATE TABLE half (id int);\nSELECT * FROM no_such_table;');
    const error = await caught<StartupError>(applyMigrations(db.url, dir));
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toContain('20260102000000_broken');
    expect((error as StartupError).message).toContain('no_such_table');
    expect((error as StartupError).fix).toContain('prisma/migrations/20260102000000_broken/migration.sql');

    const tables = await queryRows<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'ok']);
    const recorded = await queryRows<{ migration_name: string }>(db.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.migration_name)).toEqual(['20260101000000_ok']);
  });

  it('refuses a migration edited after it was applied', async () => {
    writeMigration(dir, '20260101000000_a', 'CREATE TABLE a (id int);');
    await applyMigrations(db.url, dir);
    writeMigration(dir, '20260101000000_a', 'CREATE TABLE a (id bigint);');
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/20260101000000_a was changed after it was applied/);
  });

  it('refuses to go on over a migration Prisma recorded as failed', async () => {
    writeMigration(dir, '20260101000000_a', 'CREATE TABLE a (id int);');
    await applyMigrations(db.url, dir);
    await queryRows(db.url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '20260102000000_failed')`);
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/20260102000000_failed failed earlier/);
  });
});

describe('connect explains what is wrong with DATABASE_URL', () => {
  const serverUrl = () => new URL(inject('databaseUrl'));

  it('names a server that is not there', async () => {
    const error = await caught<StartupError>(connect('postgresql://u:p@127.0.0.1:1/db'));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toBe('Nothing accepts connections at 127.0.0.1:1 (DATABASE_URL).');
    expect(error.fix).toMatch(/unset DATABASE_URL/);
  });

  it('names wrong credentials', async () => {
    const url = serverUrl();
    url.password = 'wrong-password';
    await expect(connect(url.toString())).rejects.toThrow(/refused the user or password/);
  });

  it('names a database that does not exist', async () => {
    const url = serverUrl();
    url.pathname = '/no_such_database';
    const error = await caught<StartupError>(connect(url.toString()));
    expect(error.message).toMatch(/does not exist/);
    expect(error.fix).toContain('createdb no_such_database');
  });

  it('names a URL that is not a PostgreSQL URL', async () => {
    await expect(connect('mysql://localhost/db')).rejects.toThrow('DATABASE_URL is not a PostgreSQL connection URL.');
  });
});
