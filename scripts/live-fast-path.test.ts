import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../lib/db/client';
import { createSession } from '../lib/auth/sessions';
import { tokenHash } from '../lib/auth/tokens';
import { createUser } from '../lib/auth/users';
import { startMockServer, type MockServer } from '../lib/mock/server';
import { runConfigSchema } from '../lib/runner/config';
import { SECURITY_HEADERS } from '../lib/security-headers';
import { createShareLink, revokeShareLink } from '../lib/shares/links';
import { useAppDatabase } from '../test/app-database';
import type { TestDatabase } from '../test/database';
import { serveLiveFromMemory } from './live-fast-path';
import { RunManager } from '../lib/runs/manager';
import { registerRunManager } from '../lib/runs/registry';

describe('the live fast path (answered before Next.js)', () => {
  let db: TestDatabase;
  let mock: MockServer;
  let server: http.Server;
  let base: string;
  let manager: RunManager;

  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    registerRunManager(manager);
    mock = await startMockServer({ port: 0, latencyMs: 5 });
    // Whatever the fast path does not answer, "Next" answers with 599 here.
    server = http.createServer((req, res) => {
      serveLiveFromMemory(req, res).then((served) => served || res.writeHead(599).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await mock.close();
    await db.drop();
  });

  it('serves a running stage to a viewer or its share link, and leaves every other case to the routes', async () => {
    const viewer = await createUser({ email: 'v@example.com', password: 'long enough password', role: 'viewer' });
    const operator = await createUser({ email: 'o@example.com', password: 'long enough password', role: 'operator' });
    if (!viewer.ok || !operator.ok) throw new Error('users');
    const cookie = `gb_session=${(await createSession(viewer.user.id)).token}`;
    const config = runConfigSchema.parse({ target: { url: `${mock.url}/v1/chat/completions` }, load: { model: 'closed', users: 2 }, durationMs: '2500ms', warmupMs: 0 });
    const { runIds } = await manager.launch({ config, target: { id: null, name: 'mock', url: mock.url }, labels: { tags: [] } });
    const share = await createShareLink(operator.user, { kind: 'run', runId: runIds[0] });
    if (!share.ok) throw new Error(share.error);
    await new Promise((r) => setTimeout(r, 1500));
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

    const served = await get(`/api/runs/${runIds[0]}/live?after=-1`, { cookie });
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({ status: 'running', points: expect.any(Array) });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(served.headers.get(name)).toBe(value);
    expect((await get(`/api/share/${share.token}/live?after=0`)).status).toBe(200);
    expect((await get(`/api/share/${share.token}/live?stage=elsewhere`)).status).toBe(200);

    // Signed out, a bad `after`, an unknown or revoked link, a POST: the route handlers decide.
    expect((await get(`/api/runs/${runIds[0]}/live`)).status).toBe(599);
    expect((await get(`/api/runs/${runIds[0]}/live`, { cookie: 'gb_session=forged' })).status).toBe(599);
    expect((await get(`/api/runs/${runIds[0]}/live?after=abc`, { cookie })).status).toBe(599);
    expect((await get(`/api/runs/${runIds[0]}/live?after=-100001`, { cookie })).status).toBe(599);
    expect((await get(`/api/share/${'x'.repeat(43)}/live`)).status).toBe(599);
    expect((await fetch(`${base}/api/runs/${runIds[0]}/live`, { method: 'POST', headers: { cookie } })).status).toBe(599);
    const link = await getPrisma().shareLink.findUniqueOrThrow({ where: { token: tokenHash(share.token) } });
    await revokeShareLink(operator.user, link.id);
    expect((await get(`/api/share/${share.token}/live`)).status).toBe(599);

    // Once the run is written and done, the database is the source again.
    await manager.settled(runIds[0]);
    expect((await get(`/api/runs/${runIds[0]}/live?after=-1`, { cookie })).status).toBe(599);
  });

  it('sets the same security headers as next.config.js', async () => {
    const config = createRequire(import.meta.url)('../next.config.js');
    const [rule] = await config.headers();
    expect(Object.fromEntries(rule.headers.map((h: { key: string; value: string }) => [h.key, h.value]))).toEqual(SECURITY_HEADERS);
  });
});
