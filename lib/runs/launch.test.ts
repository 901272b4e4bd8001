/** The one launch path, end to end: form fields in, a run (or errors by field) out; a target that does not answer is refused, not hammered. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { startMockServer, type MockServer } from '../mock/server';
import { freePort } from '../../test/free-port';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { createTarget, updateTarget } from '../targets/mutations';
import { targetFormSchema } from '../targets/schema';
import { launchFromFields, relaunch } from './launch';
import { RunManager } from './manager';
import { registerRunManager } from './registry';

describe('launching a run', () => {
  let db: TestDatabase;
  let manager: RunManager;
  let mock: MockServer;
  let dead: string;
  let live: string;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    registerRunManager(manager);
    mock = await startMockServer({ port: 0, latencyMs: 2 });
    dead = (await getPrisma().target.create({ data: { name: 'dead', baseUrl: `http://127.0.0.1:${await freePort()}` } })).id;
    live = (await getPrisma().target.create({ data: { name: 'live', baseUrl: mock.url } })).id;
  });
  afterAll(async () => {
    await manager.shutdown();
    await mock.close();
    await db.drop();
  });

  it('refuses a target nothing listens on before any load, naming the address', async () => {
    const result = await launchFromFields({ targetId: dead, users: '2', duration: '2s' }, null);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.targetId).toMatch(/^the target did not answer one request, so the run was not started: connection refused: nothing listens at 127\.0\.0\.1:\d+/);
    expect(await getPrisma().run.count()).toBe(0);
  });

  it('started anyway, the run ends failed with the reason, and backs off instead of spinning', async () => {
    const result = await launchFromFields({ targetId: dead, users: '2', duration: '2s', warmup: '0', skipProbe: 'on' }, null);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await manager.settled(result.runIds[0]);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: result.runIds[0] } });
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(/^No request succeeded: nothing listens on 127\.0\.0\.1:\d+: connection refused\.$/);
    // Throughput counts successes: none.
    expect(run.rps).toBe(0);
    expect(run.requests).toBeLessThan(40);
  });

  it('starts a run against a target that answers, with the schema defaults for what was not given', async () => {
    const result = await launchFromFields({ targetId: live, users: '2', duration: '1s', warmup: '0' }, null);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await manager.settled(result.runIds[0]);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: result.runIds[0] } });
    expect(run.status).toBe('completed');
    expect(run.config).toMatchObject({ warmupMs: 0, maxTokens: 64, timeoutMs: 60_000, load: { model: 'closed', users: 2 } });
    expect(run.validity).toBe('valid');
  });

  it('Run again does not send a target\'s key to the address an older run used, once the target points elsewhere (finding 1)', async () => {
    process.env.SECRET_KEY ??= Buffer.alloc(32, 9).toString('base64');
    const form = (baseUrl: string) => targetFormSchema.parse({ name: 'keyed', baseUrl, apiFlavour: 'openai-chat', apiKey: 'sk-keyed-0123456789' });
    const id = await createTarget(form(mock.url));
    const first = await launchFromFields({ targetId: id, users: '1', duration: '1s', warmup: '0' }, null);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    await manager.settled(first.runIds[0]);
    const elsewhere = await startMockServer({ port: 0 });
    try {
      await updateTarget(id, form(elsewhere.url));
      expect(await relaunch(first.runIds[0], null)).toEqual({ ok: false, error: `The target now points elsewhere (${elsewhere.url}) than this run did, so its key is not sent to the old address: start a new run against it instead.` });
    } finally {
      await elsewhere.close();
    }
  });
});
