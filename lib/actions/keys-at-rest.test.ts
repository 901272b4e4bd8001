/**
 * API keys at rest, through the path a user's save takes (the saveTarget server action, as
 * an operator): what lands in the TargetSecret column is AES-GCM ciphertext under SECRET_KEY,
 * never the key; it opens only with that key; editing without retyping keeps it; a new key
 * replaces it; removing it deletes the row. Read back with SQL, not through the app.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createSession } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import { getPrisma } from '@/lib/db/client';
import { decryptSecret, isEncrypted } from '@/lib/secrets/cipher';
import { getTargetWithSecret } from '@/lib/targets/queries';
import { useAppDatabase } from '@/test/app-database';
import { queryRows, type TestDatabase } from '@/test/database';
import { actAs } from '@/test/next-request-context';
import { checkTarget, saveTarget } from './targets';
import { startRecordingServer } from '../../test/recording-server';

vi.mock('next/headers', () => import('@/test/next-request-context'));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const SECRET_KEY = randomBytes(32);
const API_KEY = `sk-at-rest-${randomBytes(12).toString('hex')}`;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries({ baseUrl: 'http://127.0.0.1:4000', apiFlavour: 'openai-chat', defaultModel: 'gpt-4o', headers: '', ...fields })) data.append(k, v);
  return data;
}

describe('target API keys at rest', () => {
  let db: TestDatabase;
  let previousKey: string | undefined;

  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    previousKey = process.env.SECRET_KEY;
    process.env.SECRET_KEY = SECRET_KEY.toString('base64');
    const created = await createUser({ email: 'keys-operator@example.com', password: 'long enough password', role: 'operator' });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    actAs((await createSession(created.user.id)).token);
  });
  afterAll(async () => {
    process.env.SECRET_KEY = previousKey;
    await db.drop();
  });

  const storedKeys = () => queryRows<{ name: string; apiKey: string }>(db.url, 'SELECT t.name, s."apiKey" FROM "TargetSecret" s JOIN "Target" t ON t.id = s."targetId" ORDER BY t.name');

  it('a saved key is stored as ciphertext that only SECRET_KEY opens', async () => {
    expect(await saveTarget({}, form({ name: 'prod gateway', apiKey: API_KEY }))).toEqual({ ok: true, message: 'Saved "prod gateway".' });
    const [row] = await storedKeys();
    expect(row.name).toBe('prod gateway');
    expect(isEncrypted(row.apiKey)).toBe(true);
    expect(row.apiKey).not.toContain(API_KEY.slice(0, 12));
    expect(row.apiKey).not.toContain(Buffer.from(API_KEY).toString('base64').slice(0, 12));
    expect(decryptSecret(row.apiKey, [SECRET_KEY])).toBe(API_KEY);
    expect(() => decryptSecret(row.apiKey, [randomBytes(32)])).toThrow(/cannot be decrypted/);
    // Nothing else in the database holds it either.
    const dump = await queryRows<{ all: string }>(db.url, `SELECT concat_ws('|', (SELECT string_agg(t::text, '|') FROM "Target" t), (SELECT string_agg(s::text, '|') FROM "TargetSecret" s)) AS all`);
    expect(dump[0].all).not.toContain(API_KEY);
    // Where a request is sent, the app reads it back in clear.
    const id = (await getPrisma().target.findUniqueOrThrow({ where: { name: 'prod gateway' } })).id;
    expect((await getTargetWithSecret(id))?.secret?.apiKey).toBe(API_KEY);
  });

  it('editing without retyping keeps the stored value; a new key is encrypted anew; removing deletes it', async () => {
    const id = (await getPrisma().target.findUniqueOrThrow({ where: { name: 'prod gateway' } })).id;
    const [before] = await storedKeys();
    expect(await saveTarget({}, form({ id, name: 'prod gateway', defaultModel: 'gpt-4o-mini', apiKey: '' }))).toMatchObject({ ok: true });
    expect((await storedKeys())[0].apiKey).toBe(before.apiKey);

    const next = `${API_KEY}-2`;
    expect(await saveTarget({}, form({ id, name: 'prod gateway', apiKey: next }))).toMatchObject({ ok: true });
    const [after] = await storedKeys();
    expect(isEncrypted(after.apiKey)).toBe(true);
    expect(after.apiKey).not.toContain(next.slice(0, 12));
    expect(decryptSecret(after.apiKey, [SECRET_KEY])).toBe(next);

    expect(await saveTarget({}, form({ id, name: 'prod gateway', apiKey: '', removeApiKey: 'on' }))).toMatchObject({ ok: true });
    expect(await storedKeys()).toEqual([]);
  });

  it('a saved key stays bound to where it was saved: editing the address drops it, and Test connection sends nothing secret elsewhere (finding 1)', async () => {
    const trusted = await startRecordingServer();
    const attacker = await startRecordingServer();
    try {
      expect(await saveTarget({}, form({ name: 'prod-gateway', baseUrl: trusted.url, apiKey: API_KEY, secretHeaders: 'Ocp-Apim-Subscription-Key: sub-secret-123456' }))).toMatchObject({ ok: true });
      const id = (await getPrisma().target.findUniqueOrThrow({ where: { name: 'prod-gateway' } })).id;
      expect(await checkTarget(id)).toMatchObject({ ok: true, status: 200 });
      expect(trusted.requests[0].headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, 'ocp-apim-subscription-key': 'sub-secret-123456' });

      // An operator points it elsewhere, leaving the key field empty ("keep").
      const moved = await saveTarget({}, form({ id, name: 'prod-gateway', baseUrl: attacker.url, apiKey: '' }));
      expect(moved).toMatchObject({ ok: true, message: expect.stringContaining('Its saved API key and secret headers were removed') });
      expect(await checkTarget(id)).toMatchObject({ ok: true, status: 200 });
      expect(attacker.requests).toHaveLength(1);
      expect(attacker.requests[0].headers.authorization).toBeUndefined();
      expect(attacker.requests[0].headers['ocp-apim-subscription-key']).toBeUndefined();
      expect(await storedKeys()).toEqual([]);
      // Changing only the key header drops it too.
      await saveTarget({}, form({ id, name: 'prod-gateway', baseUrl: attacker.url, apiKey: API_KEY }));
      expect(await saveTarget({}, form({ id, name: 'prod-gateway', baseUrl: attacker.url, keyHeader: 'x-api-key' }))).toMatchObject({ message: expect.stringContaining('were removed') });
      expect(await storedKeys()).toEqual([]);
    } finally {
      await Promise.all([trusted.close(), attacker.close()]);
    }
  });

  it('secret headers are encrypted and write-only, and credential-looking names are refused as plain headers (findings 10–14)', async () => {
    for (const name of ['Ocp-Apim-Subscription-Key', 'X-Functions-Key', 'X_API_KEY', 'X-Auth-Key', 'X-Portkey-Virtual-Key']) {
      const refused = await saveTarget({}, form({ name: 'plain creds', headers: `${name}: leaked-value` }));
      expect(refused.errors?.headers, name).toMatch(/looks like a credential. Put it under Secret headers/);
      expect(JSON.stringify(refused)).not.toContain('leaked-value');
    }
    expect(await saveTarget({}, form({ name: 'azure apim', secretHeaders: 'Ocp-Apim-Subscription-Key: apim-secret-987654321' }))).toMatchObject({ ok: true });
    const [row] = await queryRows<{ headers: string }>(db.url, 'SELECT s.headers FROM "TargetSecret" s JOIN "Target" t ON t.id = s."targetId" WHERE t.name = \'azure apim\'');
    expect(isEncrypted(row.headers)).toBe(true);
    expect(row.headers).not.toContain('apim-secret');
    expect(JSON.parse(decryptSecret(row.headers, [SECRET_KEY]))).toEqual({ 'Ocp-Apim-Subscription-Key': 'apim-secret-987654321' });
  });
});
