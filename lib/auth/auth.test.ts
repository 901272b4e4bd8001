import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { getPrisma } from '../db/client';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { apiTokenUser, createApiToken, listAllApiTokens, revokeAnyApiToken, revokeApiToken } from './api-tokens';
import { clientAddressOf, cookieIsSecure } from './cookie';
import { authenticate, authorizeRequest } from './principal';
import { FailureLimiter } from './rate-limit';
import { createSession, endSession, sessionUser, SESSION_TTL_MS } from './sessions';
import { changeUser, createFirstAdmin, createUser, ensureAdminFromEnv, signIn } from './users';
import { hashPassword, verifyPassword } from './passwords';

// The real argon2id, counted: the limits are about how many password checks and hashes an attacker can cause.
vi.mock('./passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('./passwords')>();
  return { ...real, hashPassword: vi.fn(real.hashPassword), verifyPassword: vi.fn(real.verifyPassword) };
});

describe('FailureLimiter', () => {
  it('refuses after max failures in the window, says for how long, and forgets after it', () => {
    let now = 0;
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 }, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.fail('a');
      now += 1000;
    }
    expect(limiter.retryAfter('a')).toBe(57); // the first failure (t=0) leaves the window at 60 s
    expect(limiter.retryAfter('b')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.fail('a');
    limiter.clear('a');
    expect(limiter.retryAfter('a')).toBe(0);
  });

  it('keeps at most maxKeys keys, dropping the oldest', () => {
    const limiter = new FailureLimiter({ max: 1, windowMs: 60_000 }, 2);
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    expect(limiter.retryAfter('a')).toBe(0);
    expect(limiter.retryAfter('c')).toBeGreaterThan(0);
  });
});

describe('clientAddressOf', () => {
  it('is the TCP peer unless proxies are trusted; then the address the outermost trusted proxy saw', () => {
    expect(clientAddressOf('10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
    expect(clientAddressOf('10.0.0.9', 'forged, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(clientAddressOf('10.0.0.9', 'forged, 1.2.3.4, 10.0.0.8', 2)).toBe('1.2.3.4');
    expect(clientAddressOf('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });
});

describe('cookieIsSecure', () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it('is Secure over HTTPS and on loopback, not on plain HTTP elsewhere, unless told', () => {
    expect(cookieIsSecure(h({ host: 'bench.internal:3000', 'x-forwarded-proto': 'https' }), 'auto')).toBe(true);
    expect(cookieIsSecure(h({ host: '127.0.0.1:3000' }), 'auto')).toBe(true);
    expect(cookieIsSecure(h({ host: 'localhost:3000' }), 'auto')).toBe(true);
    expect(cookieIsSecure(h({ host: 'bench.internal:3000' }), 'auto')).toBe(false);
    expect(cookieIsSecure(h({ host: 'bench.internal:3000' }), 'always')).toBe(true);
    expect(cookieIsSecure(h({ host: '127.0.0.1' }), 'never')).toBe(false);
  });
});

describe('users, sessions and tokens (PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
  });
  afterAll(() => db.drop());

  it('creates exactly one first admin however many ask at once, then refuses', async () => {
    const attempts = await Promise.all(
      ['a@example.com', 'b@example.com', 'c@example.com'].map((email) => createFirstAdmin({ email, password: 'long enough password', confirm: 'long enough password' })),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    expect(attempts.filter((a) => !a.ok).map((a) => !a.ok && a.errors.form)).toEqual(['an admin already exists: sign in instead', 'an admin already exists: sign in instead']);
    expect(await getPrisma().user.count()).toBe(1);
    // ADMIN_EMAIL is ignored once an admin exists; half of the pair is an error that names both.
    expect(await ensureAdminFromEnv({ ADMIN_EMAIL: 'x@example.com', ADMIN_PASSWORD: 'long enough password' })).toBeUndefined();
    await expect(ensureAdminFromEnv({ ADMIN_EMAIL: 'x@example.com' })).rejects.toThrow('set both ADMIN_EMAIL and ADMIN_PASSWORD');
  });

  it('never keeps a password or a token in the clear', async () => {
    const created = await createUser({ email: 'Hashed@Example.com ', password: 'a password to hash', role: 'viewer' });
    expect(created).toMatchObject({ ok: true, user: { email: 'hashed@example.com', role: 'viewer' } });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { email: 'hashed@example.com' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const { token } = await createSession(row.id);
    const stored = await getPrisma().session.findMany({ where: { userId: row.id } });
    expect(stored.map((s) => s.id)).not.toContain(token);
    expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs in with the right password only, and limits guessing per account even with the right one', async () => {
    await createUser({ email: 'op@example.com', password: 'operator password', role: 'operator' });
    expect(await signIn({ email: 'op@example.com', password: 'nope' }, '10.1.1.1')).toEqual({ ok: false, error: 'wrong email or password' });
    expect(await signIn({ email: 'missing@example.com', password: 'nope' }, '10.1.1.1')).toEqual({ ok: false, error: 'wrong email or password' });
    const good = await signIn({ email: 'OP@example.com', password: 'operator password' }, '10.1.1.1');
    expect(good).toMatchObject({ ok: true, user: { email: 'op@example.com', role: 'operator' } });
    expect(await sessionUser(good.ok ? good.token : '')).toMatchObject({ email: 'op@example.com', role: 'operator' });

    for (let i = 0; i < 5; i++) await signIn({ email: 'op@example.com', password: `guess ${i}` }, '10.2.2.2');
    const limited = await signIn({ email: 'op@example.com', password: 'operator password' }, '10.2.2.2');
    expect(limited).toMatchObject({ ok: false, error: expect.stringMatching(/^too many failed sign-ins: try again in \d+ min$/), retryAfterSeconds: expect.any(Number) });
    // Another address is not locked out by someone else's guessing.
    expect((await signIn({ email: 'op@example.com', password: 'operator password' }, '10.3.3.3')).ok).toBe(true);
  });

  it('holds the sign-in limits under parallel attempts: each is counted before its password is checked (findings 17–18)', async () => {
    const created = await createUser({ email: 'parallel@example.com', password: 'long enough password', role: 'viewer' });
    if (!created.ok) throw new Error('user');
    vi.mocked(verifyPassword).mockClear();
    const attempts = await Promise.all(Array.from({ length: 40 }, () => signIn({ email: 'parallel@example.com', password: 'a wrong one' }, '10.8.0.1')));
    expect(attempts.filter((a) => !a.ok && a.error === 'wrong email or password')).toHaveLength(5);
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(5);
    vi.mocked(verifyPassword).mockClear();
    const spray = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn({ email: `nobody${i}@example.com`, password: 'x-x-x-x-x' }, '10.8.0.2')));
    expect(spray.filter((a) => !a.ok && a.error === 'wrong email or password')).toHaveLength(20);
    // Unknown emails are checked against a dummy hash (same timing), so they count too.
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(20);
  });

  it('refuses the first-run screen before hashing once an admin exists, and limits it per address (finding 19)', async () => {
    vi.mocked(hashPassword).mockClear();
    const refused = await Promise.all(Array.from({ length: 10 }, () => createFirstAdmin({ email: 'late@example.com', password: 'long enough password', confirm: 'long enough password' }, '10.8.0.3')));
    expect(refused.every((r) => !r.ok && r.errors.form === 'an admin already exists: sign in instead')).toBe(true);
    expect(vi.mocked(hashPassword)).not.toHaveBeenCalled();
    expect(await createFirstAdmin({}, '10.8.0.3')).toEqual({ ok: false, errors: { form: expect.stringMatching(/^too many first-run attempts: try again in \d+ min$/) } });
  });

  it('a password reset by an admin ends the user\'s API tokens too (finding 20)', async () => {
    const created = await createUser({ email: 'reset-tokens@example.com', password: 'long enough password', role: 'operator' });
    if (!created.ok) throw new Error('user');
    const { token } = await createApiToken(created.user.id, 'CI');
    expect(await apiTokenUser(token)).not.toBeNull();
    const admin = await getPrisma().user.findFirstOrThrow({ where: { role: 'admin' } });
    expect(await changeUser(admin.id, { change: 'password', id: created.user.id, password: 'another long password' })).toEqual({ ok: true });
    expect(await apiTokenUser(token)).toBeNull();

    // Admins see every user's tokens (names and dates, never the secret) and revoke any of them.
    const second = await createApiToken(created.user.id, 'deploy bot');
    expect(await apiTokenUser(second.token)).not.toBeNull();
    const listed = await listAllApiTokens();
    const row = listed.find((t) => t.name === 'deploy bot');
    expect(row).toMatchObject({ user: { email: 'reset-tokens@example.com' } });
    expect(JSON.stringify(listed)).not.toContain(second.token);
    expect(await revokeAnyApiToken(row!.id)).toBe(true);
    expect(await apiTokenUser(second.token)).toBeNull();
    expect(await revokeAnyApiToken(row!.id)).toBe(false);
  });

  it('ends sessions on expiry, on disabling, and on a password reset', async () => {
    const admin = await getPrisma().user.findFirstOrThrow({ where: { role: 'admin' } });
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email: 'op@example.com' } });
    const old = await createSession(user.id, new Date(Date.now() - SESSION_TTL_MS - 1000));
    expect(await sessionUser(old.token)).toBeNull();
    const live = await createSession(user.id);
    expect(await changeUser(admin.id, { change: 'disable', id: user.id })).toEqual({ ok: true });
    expect(await sessionUser(live.token)).toBeNull();
    expect(await signIn({ email: 'op@example.com', password: 'operator password' }, '10.4.4.4')).toEqual({ ok: false, error: 'this account is disabled: ask an admin' });
    expect(await changeUser(admin.id, { change: 'enable', id: user.id })).toEqual({ ok: true });
    const again = await createSession(user.id);
    expect(await changeUser(admin.id, { change: 'password', id: user.id, password: 'a brand new password' })).toEqual({ ok: true });
    expect(await sessionUser(again.token)).toBeNull();
    // An admin cannot lock themselves out.
    expect(await changeUser(admin.id, { change: 'role', id: admin.id, role: 'viewer' })).toEqual({ ok: false, errors: { form: 'you cannot demote or disable yourself: ask another admin' } });
    expect(await changeUser(admin.id, { change: 'role', id: 'not-a-uuid', role: 'root' })).toMatchObject({ ok: false });
  });

  it('a role change or sign-out is seen at once, though checked sessions are remembered', async () => {
    const admin = await getPrisma().user.findFirstOrThrow({ where: { role: 'admin' } });
    const created = await createUser({ email: 'cached@example.com', password: 'long enough password', role: 'operator' });
    if (!created.ok) throw new Error('not created');
    const { token } = await createSession(created.user.id);
    expect(await sessionUser(token)).toMatchObject({ role: 'operator' });
    expect(await changeUser(admin.id, { change: 'role', id: created.user.id, role: 'viewer' })).toEqual({ ok: true });
    expect(await sessionUser(token)).toMatchObject({ role: 'viewer' });
    await endSession(token);
    expect(await sessionUser(token)).toBeNull();
  });

  it('API tokens act with their user role until revoked; cookie writes from another site are refused', async () => {
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email: 'op@example.com' } });
    const { id, token } = await createApiToken(user.id, 'CI');
    expect(token).toMatch(/^gb_[\w-]{43}$/);
    expect(await apiTokenUser(token)).toMatchObject({ email: 'op@example.com', role: 'operator' });
    const post = (headers: Record<string, string>) => new Request('http://bench.local/api/runs', { method: 'POST', headers: { host: 'bench.local', ...headers } });
    expect(await authorizeRequest(post({ authorization: `Bearer ${token}`, origin: 'https://evil.example' }), 'operator', 'start runs')).toMatchObject({ ok: true });
    expect(await authorizeRequest(post({ authorization: `Bearer ${token}` }), 'admin', 'manage users')).toMatchObject({ ok: false, status: 403 });

    const session = await createSession(user.id);
    const cookie = `gb_session=${session.token}`;
    expect(await authorizeRequest(post({ cookie, origin: 'https://evil.example' }), 'operator', 'start runs')).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/cross-site/) });
    expect(await authorizeRequest(post({ cookie, origin: 'http://bench.local' }), 'operator', 'start runs')).toMatchObject({ ok: true });
    expect(await authenticate(new Headers({ authorization: 'Bearer gb_not-a-token' }))).toBeNull();
    expect(await authenticate(new Headers({ cookie: 'gb_session=%E0%A4%A' }))).toBeNull();

    expect(await revokeApiToken(user.id, id)).toBe(true);
    expect(await apiTokenUser(token)).toBeNull();
  });
});
