/**
 * The share-link cache in front of Next.js, with a stand-in for Next that counts its renders and
 * answers as the app does (200 for a link that resolves, 404 otherwise): a crowd costs one render,
 * a revoke or an edit is seen at the very next request, a live run's copy lives one second.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../lib/db/client';
import { createUser } from '../lib/auth/users';
import { runDetailsFieldsSchema, updateRunDetails } from '../lib/runs/corrections';
import { createShareLink, resolveShare, revokeShareLink } from '../lib/shares/links';
import { LIVE_TTL_MS, setLocalOrigin, warmSharedLink } from '../lib/shares/page-cache';
import { useAppDatabase } from '../test/app-database';
import { frontOfNext } from '../test/front-of-next';
import type { TestDatabase } from '../test/database';
import { serveSharedFromCache } from './shared-page-cache';

describe('share links in front of Next.js', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof frontOfNext>>;
  let base: string;
  let renders = 0;

  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    // "Next": 40 ms a render; the page shows the run's title as it is now; unknown links are 404.
    const next = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      renders++;
      await new Promise((r) => setTimeout(r, 40));
      const token = /\/share\/([\w-]+)/.exec(req.url!)?.[1];
      const view = await resolveShare(token);
      if (!view) return void res.writeHead(404, { 'content-type': 'text/html' }).end('revoked');
      const run = await getPrisma().run.findUnique({ where: { id: view.runIds[0] }, select: { title: true } });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write(`<h1>${run?.title ?? 'untitled'}</h1>`);
      res.end(`<p>render ${renders}</p>`);
    };
    server = await frontOfNext(serveSharedFromCache, next);
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  let users = 0;
  /** A run shared by an operator of its own; the render count starts again. */
  const sharedRun = async (status: 'completed' | 'running', title: string) => {
    const operator = await createUser({ email: `op${++users}@example.com`, password: 'long enough password', role: 'operator' });
    if (!operator.ok) throw new Error('user');
    const { id } = await getPrisma().run.create({ data: { targetName: 'mock', targetUrl: 'http://127.0.0.1:9', status, config: {}, title }, select: { id: true } });
    const share = await createShareLink(operator.user, { kind: 'run', runId: id });
    if (!share.ok) throw new Error(share.error);
    renders = 0;
    return { id, token: share.token, operator: operator.user };
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });
    return { status: response.status, text: await response.text() };
  };

  it('renders a finished run’s shared page once for a crowd, and forgets it at once on an edit or a revoke', async () => {
    const { id, token, operator } = await sharedRun('completed', 'before');

    const crowd = await Promise.all(Array.from({ length: 30 }, () => get(`/share/${token}`)));
    expect(crowd.every((r) => r.status === 200 && r.text === '<h1>before</h1><p>render 1</p>')).toBe(true);
    expect(renders).toBe(1);
    expect((await get(`/share/${token}`)).text).toContain('render 1');
    // A client navigation asks for another answer (the RSC payload): never from the page's copy.
    await get(`/share/${token}`, { rsc: '1' });
    expect(renders).toBe(2);
    // gzip and identity are kept apart.
    const zipped = await fetch(`${base}/share/${token}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(renders).toBe(3);

    const edited = await updateRunDetails({ ...operator, via: 'session' }, id, runDetailsFieldsSchema.parse({ title: 'after' }));
    expect(edited).toEqual({ ok: true });
    expect((await get(`/share/${token}`)).text).toBe('<h1>after</h1><p>render 4</p>');
    expect(renders).toBe(4);

    const link = await getPrisma().shareLink.findFirstOrThrow({ where: { runIds: { has: id } } });
    expect(await revokeShareLink(operator, link.id)).toEqual({ ok: true });
    // The very next request is refused by the app: the copy is not served.
    expect(await get(`/share/${token}`)).toEqual({ status: 404, text: 'revoked' });
    expect(renders).toBe(5);
  });

  it('renders a new link’s page and image at once, as a browser at the creator’s address will ask for them', async () => {
    const { token } = await sharedRun('completed', 'warm');
    setLocalOrigin(base);
    const host = new URL(base).host;
    warmSharedLink(token, { host, forwardedHost: null, forwardedProto: null });
    await expect.poll(() => renders).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    // The first viewer (gzip, as browsers ask) gets the copy: no render.
    const response = await fetch(`${base}/share/${token}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.status).toBe(200);
    expect(await fetch(`${base}/api/share/${token}/og`).then((r) => r.status)).toBe(200);
    expect(renders).toBe(2);
    setLocalOrigin(undefined);
  });

  it('keeps a live run’s shared page for one second only', async () => {
    const { token } = await sharedRun('running', 'live');
    await get(`/share/${token}`);
    await get(`/share/${token}`);
    expect(renders).toBe(1);
    await new Promise((r) => setTimeout(r, LIVE_TTL_MS + 100));
    await get(`/share/${token}`);
    expect(renders).toBe(2);
    // Unknown tokens are Next's to answer, every time.
    expect((await get('/share/nothing-like-a-real-token-000')).status).toBe(404);
    expect((await get('/share/nothing-like-a-real-token-000')).status).toBe(404);
    expect(renders).toBe(4);
  });
});
