/**
 * The run page for signed-in viewers in front of Next.js, with a stand-in for Next that counts
 * its renders and shows the signed-in email where the app's layout does (header text and the
 * page's script data): a crowd of viewers costs one render and each sees their own email, never
 * another's; operators, requests without a valid session and anything but the bare page always
 * reach Next; a page showing the email anywhere else is never kept.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../lib/db/client';
import { authenticate } from '../lib/auth/principal';
import { createSession, endSession } from '../lib/auth/sessions';
import { createUser } from '../lib/auth/users';
import { runDetailsFieldsSchema, updateRunDetails } from '../lib/runs/corrections';
import { LIVE_TTL_MS } from '../lib/shares/page-cache';
import { useAppDatabase } from '../test/app-database';
import { frontOfNext } from '../test/front-of-next';
import type { TestDatabase } from '../test/database';
import { headersOf } from './live-fast-path';
import { serveViewerPageFromCache } from './viewer-page-cache';

describe('run pages for signed-in viewers in front of Next.js', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof frontOfNext>>;
  let base: string;
  let renders = 0;

  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    // "Next": 40 ms a render; the run's title, and the viewer's email in the header and in the script data.
    const next = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      renders++;
      await new Promise((r) => setTimeout(r, 40));
      const me = await authenticate(headersOf(req));
      if (!me) return void res.writeHead(307, { location: '/sign-in' }).end();
      const id = /\/runs\/([\w-]+)/.exec(req.url!)![1];
      const run = await getPrisma().run.findUnique({ where: { id }, select: { title: true } });
      res.setHeader('content-type', 'text/html; charset=utf-8'); // as Next sets it
      res.writeHead(200);
      res.write(`<header>${me.email} <span>${me.role}</span></header>`);
      res.write(`<h1>${run?.title ?? 'untitled'}</h1>${me.role === 'operator' ? '<button>Share</button>' : ''}`);
      res.end(`<script>self.__next_f.push([1,"{\\"email\\":\\"${me.email}\\"}"])</script><p>render ${renders}</p>`);
    };
    server = await frontOfNext(serveViewerPageFromCache, next);
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  let users = 0;
  const signedIn = async (role: 'viewer' | 'operator', email = `person${++users}@example.com`) => {
    const created = await createUser({ email, password: 'long enough password', role });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const { token } = await createSession(created.user.id);
    return { user: created.user, token, cookie: `gb_session=${token}` };
  };
  const run = async (status: 'completed' | 'running', title: string) => {
    const { id } = await getPrisma().run.create({ data: { targetName: 'mock', targetUrl: 'http://127.0.0.1:9', status, config: {}, title }, select: { id: true } });
    renders = 0;
    return id;
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', ...headers }, redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  };

  it('renders a run page once for a crowd of viewers, each seeing their own email and nobody else’s', async () => {
    const id = await run('completed', 'the run');
    const viewers = await Promise.all(Array.from({ length: 30 }, () => signedIn('viewer')));
    const pages = await Promise.all(viewers.map((v) => get(`/runs/${id}`, { cookie: v.cookie })));
    expect(renders).toBe(1);
    pages.forEach((page, i) => {
      expect(page.status).toBe(200);
      expect(page.text).toBe(
        `<header>${viewers[i].user.email} <span>viewer</span></header><h1>the run</h1><script>self.__next_f.push([1,"{\\"email\\":\\"${viewers[i].user.email}\\"}"])</script><p>render 1</p>`,
      );
      for (const other of viewers) if (other !== viewers[i]) expect(page.text).not.toContain(other.user.email);
    });

    // An edit is seen at the next request.
    const operator = await signedIn('operator');
    await updateRunDetails({ ...operator.user, via: 'session' }, id, runDetailsFieldsSchema.parse({ title: 'edited' }));
    expect((await get(`/runs/${id}`, { cookie: viewers[0].cookie })).text).toContain('<h1>edited</h1><script>');
    expect(renders).toBe(2);
  });

  it('sends operators, signed-out requests, ended sessions, queries and client navigations to Next every time', async () => {
    const id = await run('completed', 'the run');
    const viewer = await signedIn('viewer');
    await get(`/runs/${id}`, { cookie: viewer.cookie });
    expect(renders).toBe(1);

    const operator = await signedIn('operator');
    const page = await get(`/runs/${id}`, { cookie: operator.cookie });
    expect(page.text).toContain('<button>Share</button>');
    expect(page.text).toContain(operator.user.email);
    expect(renders).toBe(2);

    expect((await get(`/runs/${id}`)).status).toBe(307);
    await endSession(viewer.token);
    expect((await get(`/runs/${id}`, { cookie: viewer.cookie })).status).toBe(307);
    expect(renders).toBe(4);

    const other = await signedIn('viewer');
    await get(`/runs/${id}?notice=saved`, { cookie: other.cookie });
    await get(`/runs/${id}`, { cookie: other.cookie, rsc: '1' });
    expect(renders).toBe(6);
    // The bare page is still the kept copy.
    expect((await get(`/runs/${id}`, { cookie: other.cookie })).text).toContain('render 1');
  });

  it('never keeps a page that shows the email anywhere else, and keeps a live run’s page one second', async () => {
    const viewer = await signedIn('viewer', 'titled@example.com');
    const titled = await run('completed', 'titled@example.com');
    await get(`/runs/${titled}`, { cookie: viewer.cookie });
    await get(`/runs/${titled}`, { cookie: viewer.cookie });
    expect(renders).toBe(2);

    const live = await run('running', 'live');
    const first = await get(`/runs/${live}`, { cookie: viewer.cookie });
    expect((await get(`/runs/${live}`, { cookie: viewer.cookie })).text).toBe(first.text);
    expect(renders).toBe(1);
    await new Promise((r) => setTimeout(r, LIVE_TTL_MS + 100));
    expect((await get(`/runs/${live}`, { cookie: viewer.cookie })).text).toContain('render 2');
  });
});
