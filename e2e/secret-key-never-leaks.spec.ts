/**
 * A known API key is planted in targets on a server of its own (so its logs can be read), used
 * for connection tests and runs, and echoed back by a hostile target. Then every page's HTML
 * and RSC payload, every response the browser received (server-action replies included), every
 * API response, export and link image, the server's whole log, every row of the database and
 * every file in DATA_DIR (tables, WAL, logs) are searched for it: zero hits.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page, type Route } from '@playwright/test';
import { Client } from 'pg';
import { makeDataDir, startOwnServer, stopOwnServer, type OwnServer } from './own-server';

const KEY = `sk-plant-${randomBytes(16).toString('hex')}`;
const ADMIN = { email: 'keys@example.com', password: 'planted key admin' };
const needle = KEY.slice('sk-plant-'.length, 'sk-plant-'.length + 16); // any 16 characters of its secret part would do

/** An OpenAI-style target that records the Authorization it gets; under /echo it answers 401 quoting the key, as some gateways do. */
function startTarget(seen: string[]) {
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(auth || `x-portkey-api-key: ${req.headers['x-portkey-api-key'] ?? ''}`);
    req.resume();
    req.on('end', () => {
      if (req.url!.startsWith('/echo')) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth.replace('Bearer ', '')}. You can find your key at …` } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hello there' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }));
    });
  });
  return new Promise<http.Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a planted API key appears in no page, RSC payload, API response, export, log or error message', async ({ browser }) => {
  test.setTimeout(300_000);
  const seen: string[] = [];
  const target = await startTarget(seen);
  const targetUrl = `http://127.0.0.1:${(target.address() as net.AddressInfo).port}`;
  const dataDir = makeDataDir();
  const bodies: { where: string; body: Buffer }[] = [];
  // Every response reaches the browser through this route, so every body is read in full
  // (listening to responses misses prefetches the browser discards); one that cannot be
  // fetched is a hole in the search and fails the test.
  const unread: string[] = [];
  const keep = (where: string) => async (route: Route) => {
    const request = route.request();
    try {
      // A kept-alive connection the server has just closed resets once; the request goes again on a new one.
      const response = await route.fetch({ maxRedirects: 0 }).catch((error: Error) => (/ECONNRESET/.test(error.message) ? route.fetch({ maxRedirects: 0 }) : Promise.reject(error)));
      const body = await response.body();
      bodies.push({ where: `${where} ${request.method()} ${request.url()}`, body });
      await route.fulfill({ response, body });
    } catch (error) {
      unread.push(`${where} ${request.method()} ${request.url()}: ${error}`);
      await route.abort().catch(() => undefined);
    }
  };
  let server: OwnServer | undefined;
  let databaseRows: string | undefined;
  try {
    server = await startOwnServer({ dataDir, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    const base = server.base;

    const context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    // Everything the browser receives: documents, RSC payloads, server-action replies, API calls.
    await context.route('**/*', keep('admin'));
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

    // Plant the key: two targets, plus a rejected form that carried it.
    await page.goto('/targets');
    const form = page.getByRole('form', { name: 'New target' });
    for (const [name, url, keyHeader] of [['Planted', targetUrl, ''], ['Echoes keys', `${targetUrl}/echo`, ''], ['Portkey style', targetUrl, 'x-portkey-api-key'], ['Rejected', 'not a url', '']]) {
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Base URL').fill(url);
      await form.getByLabel('Default model').fill('gpt-4o-mini');
      await form.getByLabel('API key').fill(KEY);
      await form.getByLabel('Key header').fill(keyHeader);
      await form.getByRole('button', { name: 'Add target' }).click();
      await expect(page.getByText(name === 'Rejected' ? 'must be an http:// or https:// URL' : `Saved "${name}".`)).toBeVisible();
    }
    for (const name of ['Planted', 'Echoes keys', 'Portkey style']) {
      const row = page.getByRole('listitem', { name });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect(row.getByRole('status')).toContainText(name === 'Echoes keys' ? 'HTTP 401' : 'HTTP 200');
    }
    expect(seen).toContain(`x-portkey-api-key: ${KEY}`);
    await expect(page.getByRole('listitem', { name: 'Portkey style' })).toContainText('API key saved (hidden), sent as x-portkey-api-key');
    // A key typed into the extra headers is refused, and not echoed back in the form.
    await form.getByLabel('Name').fill('Key in headers');
    await form.getByLabel('Base URL').fill(targetUrl);
    await form.getByLabel('Extra headers').fill(`x-api-key: ${KEY}`);
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect(form.getByText('x-api-key looks like a credential')).toBeVisible();
    await form.getByLabel('Extra headers').fill('');
    await expect(page.getByRole('listitem', { name: 'Echoes keys' }).getByRole('status')).toContainText('Incorrect API key provided: [API key]');
    // Editing a target without retyping the key keeps it.
    const planted = page.getByRole('listitem', { name: 'Planted' });
    await planted.getByRole('button', { name: 'Edit' }).click();
    await planted.getByLabel('Default model').fill('gpt-4o');
    await planted.getByRole('button', { name: /Save/ }).click();
    await expect(planted).toContainText('model gpt-4o · API key saved (hidden)');

    // Runs with the key: one that succeeds, one the target refuses while quoting the key.
    const runIds: string[] = [];
    for (const name of ['Planted', 'Echoes keys']) {
      await page.goto('/runs/new');
      await page.getByLabel('Target', { exact: true }).selectOption({ label: name });
      await page.getByLabel('Users', { exact: true }).fill('2');
      await page.getByLabel('Duration', { exact: true }).fill('2s');
      await page.getByLabel('Version', { exact: true }).fill(`key-${name}`);
      await page.getByRole('button', { name: 'Start run' }).click();
      await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible({ timeout: 30_000 });
      runIds.push(page.url().split('/runs/')[1]);
    }
    await expect(page.getByRole('table', { name: 'Failures by class' })).toContainText('Incorrect API key provided: [API key]');
    expect(seen).toContain(`Bearer ${KEY}`);
    // Run again uses the stored (encrypted) key.
    await page.getByRole('button', { name: 'Run again' }).click();
    await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible({ timeout: 30_000 });
    runIds.push(page.url().split('/runs/')[1]);

    // Share both kinds of link and open them signed out.
    await page.goto(`/runs/${runIds[1]}`);
    await page.getByText('Share links (0)').click();
    await page.getByRole('button', { name: 'Create share link' }).click();
    const runShare = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    await page.goto(`/compare?runs=${runIds.join(',')}`);
    await page.getByText('Share links (0)').click();
    await page.getByRole('button', { name: 'Create share link' }).click();
    const compareShare = await page.getByRole('textbox', { name: 'Share link' }).inputValue();

    // Every page as HTML and as an RSC payload; every API, export and image.
    const pages = ['/', '/runs', '/runs?q=key', '/runs/new', '/compare', `/compare?runs=${runIds.join(',')}`, `/capacity?runs=${runIds.join(',')}`, '/targets', '/users', '/account', ...runIds.map((id) => `/runs/${id}`)];
    const apis = [
      '/api/health',
      ...runIds.flatMap((id) => [`/api/runs/${id}/live?after=-1`, `/api/runs/${id}/export?format=json`, `/api/runs/${id}/export?format=csv`, `/api/og/runs/${id}`]),
      `/api/compare/export?runs=${runIds.join(',')}&format=json`,
      `/api/compare/export?runs=${runIds.join(',')}&format=csv`,
      `/api/og/compare?runs=${runIds.join(',')}`,
    ];
    const fetchAll = async (request: APIRequestContext, label: string, paths: string[], rsc: boolean) => {
      for (const p of paths) {
        for (const headers of (rsc ? [{}, { RSC: '1' }] : [{}]) as Record<string, string>[]) {
          const response = await request.get(p, { headers });
          expect(response.status(), `${label} ${p}`).toBeLessThan(500);
          bodies.push({ where: `${label} GET ${p} ${JSON.stringify(headers)}`, body: await response.body() });
        }
      }
    };
    await fetchAll(page.request, 'admin', pages, true);
    await fetchAll(page.request, 'admin', apis, false);
    const refused = await page.request.post('/api/runs', { headers: { origin: base }, data: { targetId: 'nope', apiKey: 'x' } });
    bodies.push({ where: 'POST /api/runs (invalid)', body: await refused.body() });
    for (const p of pages) await visit(page, p);

    const stranger = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
    const anonymous = await stranger.newPage();
    await stranger.route('**/*', keep('anonymous'));
    for (const link of [runShare, compareShare]) {
      await anonymous.goto(link);
      const token = link.split('/share/')[1];
      await fetchAll(anonymous.request, 'anonymous', [`/share/${token}`], true);
      await fetchAll(anonymous.request, 'anonymous', [`/api/share/${token}/live`, `/api/share/${token}/og`], false);
    }
    await stranger.close();
    await context.close();

    // Every row of every table, as text: the key is only ever stored encrypted.
    databaseRows = await dumpDatabase(server.databaseUrl());
  } finally {
    if (server) expect(await stopOwnServer(server)).toBe(0);
    target.close();
  }
  // Every file the app and its PostgreSQL wrote (tables, WAL, logs, the key file), after a clean stop.
  const fileHits = filesContaining(dataDir, needle);
  fs.rmSync(dataDir, { recursive: true, force: true });

  expect(bodies.length).toBeGreaterThan(80);
  expect(unread).toEqual([]);
  expect(databaseRows?.length).toBeGreaterThan(1000);
  expect(databaseRows).toContain('Echoes keys');
  expect(server!.log()).toContain('ready on');
  const hits = [
    ...bodies.filter(({ body }) => body.includes(needle)).map(({ where }) => where),
    ...(server!.log().includes(needle) ? ['server log'] : []),
    ...(databaseRows?.includes(needle) ? ['database rows'] : []),
    ...fileHits,
  ];
  expect(hits).toEqual([]);
});

async function dumpDatabase(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    let text = '';
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      text += rows.rows.map((r) => r.row).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

function filesContaining(dir: string, text: string): string[] {
  const hits: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(text)) hits.push(`file ${path.relative(dir, full)}`);
    }
  };
  walk(dir);
  return hits;
}

async function visit(page: Page, target: string) {
  await page.goto(target);
  expect(await page.content()).not.toContain(KEY);
}
