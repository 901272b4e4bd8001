import fc from 'fast-check';
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

  it('bounds every run by the clock: request-count runs, timeouts, think times, spawn ramps and sweeps (findings 5–7)', async () => {
    // A request count alone still stops at MAX_DURATION (here 1 h), warm-up included.
    const counted = await authorizeRun(config({ durationMs: undefined, requests: 100_000_000, warmupMs: '5s' }));
    expect(counted).toMatchObject({ ok: true, config: { requests: 100_000_000, durationMs: 3_600_000 - 5000 } });
    expect(await authorizeRun(config({ timeoutMs: '1000h' }))).toEqual({ ok: false, errors: { timeoutMs: 'a request may take at most 60 minutes on this server (MAX_DURATION)' } });
    expect(await authorizeRun(config({ load: { model: 'closed', users: 10, thinkTimeMs: { min: 0, max: 3_600_001 } } }))).toEqual({
      ok: false,
      errors: { 'load.thinkTimeMs.max': 'think time is at most 60 minutes on this server (MAX_DURATION)' },
    });
    expect(await authorizeRun(config({ load: { model: 'closed', users: 1000, spawnRate: 0.1 } }))).toMatchObject({ ok: false, errors: { 'load.spawnRate': expect.stringContaining('raise the spawn rate') } });
    // 50 stages × 5,000 users × 1 h: refused as a whole.
    expect(await authorizeRun(config({ durationMs: '1h', warmupMs: 0, sweep: Array(50).fill(5000) }))).toEqual({
      ok: false,
      errors: { sweep: 'a sweep may last at most 60 minutes with warm-ups on this server (MAX_DURATION); 50 stages of 3600 s is 3000 minutes' },
    });
    // A request-count sweep's stages share the cap.
    expect(await authorizeRun(config({ durationMs: undefined, requests: 10, warmupMs: 0, sweep: [1, 2, 4] }))).toMatchObject({ ok: true, config: { durationMs: 1_200_000 } });
  });

  it('no launch it accepts can outlast MAX_DURATION or exceed MAX_USERS / MAX_RATE, whatever the numbers (fast-check, findings 5–7, 9)', async () => {
    const HOUR = 3_600_000;
    const seconds = (max: number) => fc.integer({ min: 0, max }).map((n) => `${n}s`);
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          closed: fc.boolean(),
          // Mostly near the limits, sometimes far past them.
          size: fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0.01, max: 6000, noNaN: true }) }, fc.double({ min: 0.01, max: 30_000, noNaN: true })),
          durationMs: fc.option(fc.oneof({ weight: 4, arbitrary: seconds(1800) }, seconds(20_000)), { nil: undefined }),
          requests: fc.option(fc.integer({ min: 1, max: 100_000_000 }), { nil: undefined }),
          warmupMs: fc.oneof({ weight: 4, arbitrary: seconds(120) }, seconds(8000)),
          timeoutMs: fc.oneof({ weight: 4, arbitrary: seconds(4000) }, seconds(10_000_000), fc.constantFrom('1000h', '61m')),
          think: fc.option(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 4_000_000 }) }, fc.integer({ min: 0, max: 100_000_000 })), { nil: undefined }),
          spawnRate: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })),
          sweep: fc.option(fc.array(fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0.01, max: 6000, noNaN: true }) }, fc.double({ min: 0.01, max: 30_000, noNaN: true })), { minLength: 1, maxLength: 60 }), { nil: undefined, freq: 2 }),
        }),
        async (x) => {
          const load = x.closed
            ? { model: 'closed', users: Math.max(1, Math.round(x.size)), spawnRate: x.spawnRate, ...(x.think !== undefined ? { thinkTimeMs: { min: 0, max: x.think } } : {}) }
            : { model: 'open', rate: x.size };
          const parsed = runConfigSchema.safeParse({ target: { url: 'http://127.0.0.1:4000/v1/chat/completions' }, load, durationMs: x.durationMs, requests: x.requests, warmupMs: x.warmupMs, timeoutMs: x.timeoutMs, sweep: x.closed ? x.sweep?.map((n) => (n < 1 ? n : Math.round(n))) : x.sweep });
          if (!parsed.success) return; // refused at the door, with its own message
          const decision = await authorizeRun(parsed.data);
          seen[decision.ok ? 'accepted' : 'refused']++;
          if (!decision.ok) {
            for (const message of Object.values(decision.errors)) expect(message).toMatch(/^[a-z0-9].{10,}/i);
            return;
          }
          const c = decision.config;
          const stages = c.sweep ?? [c.load.model === 'closed' ? c.load.users : c.load.rate];
          expect(c.durationMs, 'every accepted stage ends by the clock').toBeDefined();
          expect(stages.length * (c.durationMs! + c.warmupMs)).toBeLessThanOrEqual(HOUR);
          expect(c.timeoutMs).toBeLessThanOrEqual(HOUR);
          if (c.load.model === 'closed') {
            expect(Math.max(...stages)).toBeLessThanOrEqual(5000);
            expect(Math.min(...stages)).toBeGreaterThanOrEqual(1);
            expect(stages.every(Number.isInteger)).toBe(true);
            expect(c.load.thinkTimeMs?.max ?? 0).toBeLessThanOrEqual(HOUR);
            if (c.load.spawnRate > 0) expect((Math.max(...stages) / c.load.spawnRate) * 1000).toBeLessThanOrEqual(HOUR);
          } else {
            expect(Math.max(...stages)).toBeLessThanOrEqual(20_000);
          }
        },
      ),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
    // The property means something only if both sides were reached often.
    expect(seen.accepted).toBeGreaterThan(40);
    expect(seen.refused).toBeGreaterThan(40);
  });
});
