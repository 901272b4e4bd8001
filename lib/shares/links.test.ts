import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { createUser } from '../auth/users';
import type { SignedInUser } from '../auth/sessions';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { tokenHash } from '../auth/tokens';
import { createShareLink, listShareLinks, resolveShare, revokeShareLink, sharedRunId } from './links';

describe('share links', () => {
  let db: TestDatabase;
  let admin: SignedInUser;
  let alice: SignedInUser;
  let bob: SignedInUser;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    const make = async (email: string, role: string) => {
      const r = await createUser({ email, password: 'long enough password', role });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.user;
    };
    [admin, alice, bob] = await Promise.all([make('admin@example.com', 'admin'), make('alice@example.com', 'operator'), make('bob@example.com', 'operator')]);
    const run = (id: string, extra = {}) => ({ id, targetName: 't', targetUrl: 'http://127.0.0.1', config: {}, status: 'completed' as const, ...extra });
    await getPrisma().run.createMany({ data: [run('single'), run('other'), run('stage1', { sweepId: 'sw', sweepStage: 1 }), run('stage2', { sweepId: 'sw', sweepStage: 2 })] });
  });
  afterAll(() => db.drop());

  it('opens exactly the runs it names: a run (with its sweep) or a comparison with its baseline first', async () => {
    const single = await createShareLink(alice, { kind: 'run', runId: 'single' });
    const sweep = await createShareLink(alice, { kind: 'run', runId: 'stage2' });
    const comparison = await createShareLink(alice, { kind: 'comparison', runs: 'single,other', baseline: 'other' });
    expect(single.ok && sweep.ok && comparison.ok).toBe(true);
    const token = (r: typeof single) => (r.ok ? r.token : '');
    expect(token(single)).toMatch(/^[\w-]{43}$/);
    expect(await resolveShare(token(single))).toEqual({ kind: 'run', runIds: ['single'] });
    expect(await resolveShare(token(sweep))).toEqual({ kind: 'run', runIds: ['stage2', 'stage1'] });
    expect(await resolveShare(token(comparison))).toEqual({ kind: 'comparison', runIds: ['other', 'single'] });
    const stored = await getPrisma().shareLink.findMany({ select: { id: true, token: true } });
    // Only the SHA-256 of each token is kept, like sessions and API tokens.
    for (const t of [token(single), token(sweep), token(comparison)]) {
      expect(stored.some((row) => row.token === t)).toBe(false);
      expect(stored.some((row) => row.token === tokenHash(t))).toBe(true);
    }
    const idOf = (t: string) => stored.find((row) => row.token === tokenHash(t))!.id;
    expect((await listShareLinks({ runId: 'stage1' }, alice)).map((l) => l.id)).toEqual([idOf(token(sweep))]);
    expect((await listShareLinks({ comparison: ['single', 'other'] }, alice)).map((l) => l.id)).toEqual([idOf(token(comparison))]);
    // Another operator does not see alice's links; an admin does.
    expect(await listShareLinks({ runId: 'stage1' }, bob)).toEqual([]);
    expect((await listShareLinks({ runId: 'stage1' }, admin)).map((l) => l.id)).toEqual([idOf(token(sweep))]);
    expect(await resolveShare('x'.repeat(43))).toBeNull();
    expect(await resolveShare("' OR 1=1 --")).toBeNull();
  });

  it('refuses what does not exist or is malformed, with a reason', async () => {
    expect(await createShareLink(alice, { kind: 'run', runId: 'missing' })).toEqual({ ok: false, error: 'no run missing' });
    expect(await createShareLink(alice, { kind: 'comparison', runs: 'single' })).toEqual({ ok: false, error: 'a comparison needs at least two runs' });
    expect(await createShareLink(alice, { kind: 'table' })).toEqual({ ok: false, error: 'share a run, a comparison or an experiment' });
    expect(await createShareLink(alice, { kind: 'experiment', experimentId: 'missing000' })).toEqual({ ok: false, error: 'no experiment missing000' });
    expect(await createShareLink(alice, { kind: 'run', runId: '<script>' })).toEqual({ ok: false, error: 'a run id looks like V1StGXR8_Z' });
  });

  it('is revoked by its creator or an admin, not by another operator, and then opens nothing', async () => {
    const created = await createShareLink(alice, { kind: 'run', runId: 'other' });
    if (!created.ok) throw new Error(created.error);
    const link = await getPrisma().shareLink.findUniqueOrThrow({ where: { token: tokenHash(created.token) } });
    expect(await revokeShareLink(bob, link.id)).toEqual({ ok: false, error: 'only the link’s creator or an admin can revoke it' });
    expect(await resolveShare(created.token)).not.toBeNull();
    expect(await revokeShareLink(admin, link.id)).toEqual({ ok: true });
    expect(await resolveShare(created.token)).toBeNull();
    expect(await revokeShareLink(alice, link.id)).toEqual({ ok: false, error: 'this link is already revoked' });
    expect(await revokeShareLink(alice, 'nope')).toEqual({ ok: false, error: 'unknown share link; reload the page' });
  });
});

describe('sharedRunId: the run a share page opens', () => {
  const sweep = { kind: 'run' as const, runIds: ['stage2', 'stage1', 'stage3'] };

  it('opens the stage asked for when the link covers it', () => {
    expect(sharedRunId(sweep, 'stage1')).toBe('stage1');
    expect(sharedRunId(sweep, 'stage3')).toBe('stage3');
  });

  it('opens the shared run for anything else: no stage, another run, or a value that is not a string', () => {
    for (const stage of [undefined, '', 'other', 'STAGE1', ' stage1', ['stage1'], 1, null, { toString: () => 'stage1' }]) {
      expect(sharedRunId(sweep, stage), JSON.stringify(stage)).toBe('stage2');
    }
    expect(sharedRunId({ kind: 'run', runIds: ['single'] }, 'stage1')).toBe('single');
  });
});
