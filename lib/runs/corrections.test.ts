/** Runs corrected after the fact: edits and deletes, who may, and the audit log of both. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listAuditEvents } from '../audit/log';
import type { Principal } from '../auth/principal';
import { createUser } from '../auth/users';
import { getPrisma } from '../db/client';
import { createShareLink, resolveShare } from '../shares/links';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { deleteRun, runDetailsFieldsSchema, updateRunDetails } from './corrections';

describe('correcting runs', () => {
  let db: TestDatabase;
  let admin: Principal;
  let alice: Principal;
  let bob: Principal;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    const make = async (email: string, role: string): Promise<Principal> => {
      const created = await createUser({ email, password: 'long enough password', role });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      return { ...created.user, via: 'session' };
    };
    [admin, alice, bob] = await Promise.all([make('admin@example.com', 'admin'), make('alice@example.com', 'operator'), make('bob@example.com', 'operator')]);
    const run = (id: string, extra = {}) => ({ id, targetName: 't', targetUrl: 'http://127.0.0.1', config: {}, status: 'completed' as const, createdById: alice.id, ...extra });
    await getPrisma().run.createMany({
      data: [run('mine', { gatewayName: 'LiteLLM', tags: ['old'] }), run('running', { status: 'running' }), run('stage0', { sweepId: 'sw', sweepStage: 0 }), run('stage1', { sweepId: 'sw', sweepStage: 1 })],
    });
    await getPrisma().runPoint.create({ data: { runId: 'stage1', second: 0, requests: 1, failures: 0, rps: 1, activeUsers: 1 } });
  });
  afterAll(() => db.drop());

  const details = (fields: Record<string, string>) => runDetailsFieldsSchema.parse(fields);

  it('saves title, notes, labels and tags, and logs what changed from what', async () => {
    expect(await updateRunDetails(bob, 'mine', details({ title: 'After the pool fix', notes: 'DB pool 20 → 50', gatewayName: 'LiteLLM', gatewayVersion: '1.80.0', instanceCount: '4', tags: 'Nightly, db' }))).toEqual({ ok: true });
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: 'mine' } });
    expect(run).toMatchObject({ title: 'After the pool fix', notes: 'DB pool 20 → 50', gatewayVersion: '1.80.0', instanceCount: 4, tags: ['nightly', 'db'] });
    const [event] = await listAuditEvents();
    expect(event).toMatchObject({ userEmail: 'bob@example.com', action: 'run.edit', subject: 'mine' });
    expect(event.detail).toEqual({
      title: { before: null, after: 'After the pool fix' },
      notes: { before: null, after: 'DB pool 20 → 50' },
      gatewayVersion: { before: null, after: '1.80.0' },
      instanceCount: { before: null, after: 4 },
      tags: { before: ['old'], after: ['nightly', 'db'] },
    });
    // Nothing changed: nothing logged.
    await updateRunDetails(bob, 'mine', details({ title: 'After the pool fix', notes: 'DB pool 20 → 50', gatewayName: 'LiteLLM', gatewayVersion: '1.80.0', instanceCount: '4', tags: 'nightly, db' }));
    expect(await listAuditEvents()).toHaveLength(1);
  });

  it('refuses labels that do not fit, on the field concerned', () => {
    const parsed = runDetailsFieldsSchema.safeParse({ instanceCount: '0', tags: 'a,b' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['instanceCount', 'at least 1 instance']]);
  });

  it('lets operators delete only their own runs, never a running one, and admins any', async () => {
    expect(await deleteRun(bob, 'mine')).toEqual({ ok: false, error: 'operators delete only runs they started; ask an admin to delete this one' });
    expect(await deleteRun(admin, 'running')).toEqual({ ok: false, error: 'this run is still going: cancel it first' });
    expect(await deleteRun(alice, 'mine')).toEqual({ ok: true, deleted: ['mine'] });
    expect(await getPrisma().run.findUnique({ where: { id: 'mine' } })).toBeNull();
  });

  it('deletes a sweep whole, with its points and share links, and logs it', async () => {
    const link = await createShareLink(alice, { kind: 'run', runId: 'stage1' });
    if (!link.ok) throw new Error(link.error);
    expect(await resolveShare(link.token)).not.toBeNull();
    const result = await deleteRun(admin, 'stage1');
    expect(result).toMatchObject({ ok: true });
    expect(result.deleted?.sort()).toEqual(['stage0', 'stage1']);
    expect(await getPrisma().runPoint.count({ where: { runId: 'stage1' } })).toBe(0);
    expect(await getPrisma().shareLink.count()).toBe(0);
    expect(await resolveShare(link.token)).toBeNull();
    const [event] = await listAuditEvents();
    expect(event).toMatchObject({ userEmail: 'admin@example.com', action: 'run.delete', subject: 'stage1', detail: { shareLinks: 1 } });
  });
});
