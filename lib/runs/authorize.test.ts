import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addAllowedHost, listAllowedHosts, removeAllowedHost } from '../egress/admin-hosts';
import { createUser } from '../auth/users';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';

// Read once, at the first run authorised in this file.
process.env.MAX_BODY_BYTES = '200000';
import { runConfigSchema } from '../runner/config';
import { authorizeRun } from './authorize';

const config = (extra: Record<string, unknown> = {}, url = 'http://127.0.0.1:4000/v1/chat/completions') =>
  runConfigSchema.parse({ target: { url }, load: { model: 'closed', users: 10 }, durationMs: '30s', ...extra });

let db: TestDatabase;
beforeAll(async () => {
  db = await useAppDatabase(inject('databaseUrl'));
});
afterAll(() => db.drop());

describe('authorizeRun (defaults: loopback only, 5,000 users, 20,000 req/s, 1 h; MAX_BODY_BYTES 200,000 here)', () => {
  it('reaches hosts an admin adds on the Settings page, until they are removed; metadata stays refused', async () => {
    const created = await createUser({ email: 'admin@example.com', password: 'long enough password', role: 'admin' });
    if (!created.ok) throw new Error('no admin');
    const admin = created.user;
    expect(await addAllowedHost(admin, ' 10.0.0.0/8 ')).toEqual({ ok: true, entry: '10.0.0.0/8' });
    expect(await authorizeRun(config({}, 'http://10.0.0.5:4000/v1/chat/completions'))).toMatchObject({ ok: true, config: { target: { address: '10.0.0.5' } } });
    expect(await addAllowedHost(admin, '10.0.0.0/8')).toEqual({ ok: false, error: '10.0.0.0/8 is already allowed' });
    expect(await addAllowedHost(admin, '169.254.169.254')).toEqual({ ok: false, error: '169.254.169.254 is a link-local or cloud-metadata address; those are always refused' });
    expect(await addAllowedHost(admin, 'not a host!')).toEqual({ ok: false, error: '"not a host!" is not a host name, IP address or CIDR network' });
    expect(await addAllowedHost(admin, '10.0.0.0/99')).toEqual({ ok: false, error: '"10.0.0.0/99" has an invalid prefix length' });
    const [row] = await listAllowedHosts();
    expect(await removeAllowedHost(row.id)).toEqual({ ok: true });
    expect(await authorizeRun(config({}, 'http://10.0.0.5:4000/v1/chat/completions'))).toMatchObject({ ok: false });
  });

  it('holds request bodies to MAX_BODY_BYTES, and caps the reply size it reads', async () => {
    const big = await authorizeRun(config({ prompt: { kind: 'long', repeat: 3000 } }));
    expect(big).toEqual({ ok: false, errors: { 'prompt.repeat': 'each request would carry 247 KB; at most 196 KB on this server (MAX_BODY_BYTES)' } });
    const fine = await authorizeRun(config({ prompt: { kind: 'long', repeat: 1000 } }));
    expect(fine).toMatchObject({ ok: true, config: { maxBodyBytes: 200_000 } });
  });

  it('pins an allowed target to the address it checked', async () => {
    const result = await authorizeRun(config());
    expect(result).toMatchObject({ ok: true, config: { target: { address: '127.0.0.1' } } });
  });

  it('refuses a target outside the allowlist before any traffic, naming the setting', async () => {
    const result = await authorizeRun(config({}, 'http://10.0.0.5:4000/v1/chat/completions'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.target).toMatch(/10\.0\.0\.5 is not an allowed target.*ALLOWED_TARGET_HOSTS/);
  });

  it('refuses the cloud metadata address always', async () => {
    const result = await authorizeRun(config({}, 'http://169.254.169.254/latest/meta-data'));
    expect(!result.ok && result.errors.target).toMatch(/always refused/);
  });

  it('holds runs to the server limits, naming the config path concerned', async () => {
    expect(await authorizeRun(config({ load: { model: 'closed', users: 6000 } }))).toEqual({ ok: false, errors: { 'load.users': 'at most 5,000 users on this server (MAX_USERS)' } });
    expect(await authorizeRun(config({ load: { model: 'open', rate: 50 }, sweep: [100, 30_000] }))).toEqual({ ok: false, errors: { sweep: 'at most 20,000 requests/s on this server (MAX_RATE)' } });
    expect(await authorizeRun(config({ durationMs: '2h' }))).toEqual({ ok: false, errors: { durationMs: 'runs may last at most 60 minutes with warm-up on this server (MAX_DURATION)' } });
  });
});
