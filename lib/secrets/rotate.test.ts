import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../db/generated/client';
import { applyMigrations } from '../db/migrate';
import { createTestDatabase, queryRows, type TestDatabase } from '../../test/database';
import { testPrisma } from '../../test/prisma';
import { decryptSecret, encryptSecret } from './cipher';
import { rotateSecrets } from './rotate';

describe('rotating SECRET_KEY', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
    prisma = testPrisma(db.url);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('re-encrypts every key with the new key; the old key no longer opens them', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await prisma.target.create({ data: { name: 'a', baseUrl: 'http://127.0.0.1:1', secret: { create: { apiKey: encryptSecret('sk-a', oldKey) } } } });
    await prisma.target.create({ data: { name: 'b', baseUrl: 'http://127.0.0.1:2', secret: { create: { apiKey: 'sk-saved-before-encryption' } } } });

    expect(await rotateSecrets(prisma, { current: newKey, all: [newKey, oldKey] })).toBe(2);

    const rows = await queryRows<{ apiKey: string }>(db.url, 'SELECT "apiKey" FROM "TargetSecret" ORDER BY "apiKey"');
    expect(rows.map((r) => r.apiKey).join(' ')).not.toMatch(/sk-/);
    expect(rows.map((r) => decryptSecret(r.apiKey, [newKey])).sort()).toEqual(['sk-a', 'sk-saved-before-encryption']);
    expect(() => decryptSecret(rows[0].apiKey, [oldKey])).toThrow();
  });
});
