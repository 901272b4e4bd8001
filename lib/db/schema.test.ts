/**
 * Proves the hand-written migrations build exactly the database that prisma/schema.prisma
 * describes: tables, column types, nullability and defaults, primary keys, indexes (names,
 * columns, order, method), foreign keys (with their actions) and enums.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDMMF } from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { applyMigrations } from './migrate';

type Dmmf = Awaited<ReturnType<typeof getDMMF>>['datamodel'];
type Model = Dmmf['models'][number];
type Field = Model['fields'][number];

interface Shape {
  tables: Record<string, { columns: Record<string, string>; primaryKey: string }>;
  indexes: string[];
  foreignKeys: string[];
  enums: Record<string, string[]>;
}

const PRISMA_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
  Decimal: 'numeric(65,30)',
};

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  VarChar: ([n]) => (n ? `character varying(${n})` : 'character varying'),
  Char: ([n]) => `character(${n ?? 1})`,
  Text: () => 'text',
  Uuid: () => 'uuid',
  Timestamptz: ([p]) => `timestamp(${p ?? 6}) with time zone`,
  Timestamp: ([p]) => `timestamp(${p ?? 6}) without time zone`,
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  DoublePrecision: () => 'double precision',
  Real: () => 'real',
  JsonB: () => 'jsonb',
};

const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);
const ACTIONS: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

function columnType(field: Field): string {
  let type: string;
  if (field.nativeType) {
    const [name, args] = field.nativeType as [string, string[]];
    const map = NATIVE_TYPES[name];
    if (!map) throw new Error(`schema test: add native type ${name} to NATIVE_TYPES`);
    type = map(args);
  } else {
    type = field.kind === 'enum' ? field.type : PRISMA_TYPES[field.type];
  }
  return field.isList ? `${type}[]` : type;
}

function hasDatabaseDefault(field: Field): boolean {
  if (!field.hasDefaultValue) return false;
  const value = field.default as { name?: string } | undefined;
  return !(value && typeof value === 'object' && 'name' in value && CLIENT_SIDE_DEFAULTS.has(value.name!));
}

function expectedShape(datamodel: Dmmf): Shape {
  const tableOf = (modelName: string) => {
    const model = datamodel.models.find((m) => m.name === modelName)!;
    return model.dbName ?? model.name;
  };
  const columnOf = (modelName: string, fieldName: string) => {
    const field = datamodel.models.find((m) => m.name === modelName)!.fields.find((f) => f.name === fieldName)!;
    return field.dbName ?? field.name;
  };
  const shape: Shape = { tables: {}, indexes: [], foreignKeys: [], enums: {} };
  for (const model of datamodel.models) {
    const table = tableOf(model.name);
    const columns: Record<string, string> = {};
    for (const field of model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')) {
      const notNull = field.isRequired && !field.isList;
      columns[field.dbName ?? field.name] = `${columnType(field)}${notNull ? ' not null' : ''}${hasDatabaseDefault(field) ? ' default' : ''}`;
    }
    const pkFields = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    shape.tables[table] = { columns, primaryKey: pkFields.map((f) => columnOf(model.name, f)).join(',') };

    for (const field of model.fields.filter((f) => f.relationFromFields?.length)) {
      const from = field.relationFromFields!.map((f) => columnOf(model.name, f));
      const to = field.relationToFields!.map((f) => columnOf(field.type, f));
      const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
      shape.foreignKeys.push(`${table}_${from.join('_')}_fkey: ${table}(${from}) -> ${tableOf(field.type)}(${to}) on delete ${onDelete} on update Cascade`);
    }
  }
  for (const index of datamodel.indexes.filter((i) => i.type !== 'id')) {
    const table = tableOf(index.model);
    const columns = index.fields.map((f) => columnOf(index.model, f.name));
    const name = index.dbName ?? `${table}_${columns.join('_')}_${index.type === 'unique' ? 'key' : 'idx'}`;
    const parts = index.fields.map((f, i) => `${columns[i]}${f.sortOrder === 'desc' ? ' desc' : ''}`);
    const method = (index.algorithm ?? 'BTree').toLowerCase();
    shape.indexes.push(`${name}: ${index.type === 'unique' ? 'unique ' : ''}${method} on ${table}(${parts.join(', ')})`);
  }
  for (const enumType of datamodel.enums) {
    shape.enums[enumType.dbName ?? enumType.name] = enumType.values.map((v) => v.dbName ?? v.name);
  }
  shape.indexes.sort();
  shape.foreignKeys.sort();
  return shape;
}

async function actualShape(client: pg.Client): Promise<Shape> {
  const shape: Shape = { tables: {}, indexes: [], foreignKeys: [], enums: {} };
  const columns = await client.query<{ table: string; column: string; type: string; notnull: boolean; hasdef: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.atthasdef AS hasdef
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  for (const row of columns.rows) {
    shape.tables[row.table] ??= { columns: {}, primaryKey: '' };
    shape.tables[row.table].columns[row.column] =
      `${row.type.replaceAll('"', '')}${row.notnull ? ' not null' : ''}${row.hasdef ? ' default' : ''}`;
  }
  const indexes = await client.query<{ table: string; name: string; def: string; primary: boolean; unique: boolean }>(`
    SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def,
           x.indisprimary AS primary, x.indisunique AS unique
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const row of indexes.rows) {
    const [, method, columnList] = /USING (\w+) \((.*)\)$/.exec(row.def)!;
    const parts = columnList.split(', ').map((part) => part.replaceAll('"', '').replace(' DESC', ' desc'));
    if (row.primary) {
      expect(row.name).toBe(`${row.table}_pkey`);
      shape.tables[row.table].primaryKey = parts.join(',');
    } else {
      shape.indexes.push(`${row.name}: ${row.unique ? 'unique ' : ''}${method} on ${row.table}(${parts.join(', ')})`);
    }
  }
  const foreignKeys = await client.query<{ name: string; table: string; cols: string[]; ref: string; refcols: string[]; del: string; upd: string }>(`
    SELECT con.conname AS name, t.relname AS table, r.relname AS ref,
           ARRAY(SELECT attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.conrelid AND attnum = k.n ORDER BY o)::text[] AS cols,
           ARRAY(SELECT attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.confrelid AND attnum = k.n ORDER BY o)::text[] AS refcols,
           con.confdeltype AS del, con.confupdtype AS upd
    FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
    WHERE con.contype = 'f'`);
  for (const fk of foreignKeys.rows) {
    shape.foreignKeys.push(`${fk.name}: ${fk.table}(${fk.cols}) -> ${fk.ref}(${fk.refcols}) on delete ${ACTIONS[fk.del]} on update ${ACTIONS[fk.upd]}`);
  }
  const enums = await client.query<{ name: string; value: string }>(`
    SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`);
  for (const row of enums.rows) (shape.enums[row.name] ??= []).push(row.value);
  shape.indexes.sort();
  shape.foreignKeys.sort();
  return shape;
}

describe('migrations match prisma/schema.prisma', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let expected: Shape;
  let actual: Shape;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const datamodel = fs.readFileSync(path.resolve('prisma/schema.prisma'), 'utf8');
    expected = expectedShape((await getDMMF({ datamodel })).datamodel);
    actual = await actualShape(client);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has every model as a table with the same columns, types, nullability and defaults', () => {
    expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
    for (const [table, { columns }] of Object.entries(expected.tables)) {
      expect({ table, columns: actual.tables[table].columns }).toEqual({ table, columns });
    }
  });

  it('has the same primary keys', () => {
    for (const [table, { primaryKey }] of Object.entries(expected.tables)) {
      expect({ table, primaryKey: actual.tables[table].primaryKey }).toEqual({ table, primaryKey });
    }
  });

  it('has the same indexes, named as Prisma names them', () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it('has the same foreign keys and referential actions', () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it('has the same enums and values', () => {
    expect(actual.enums).toEqual(expected.enums);
  });
});
