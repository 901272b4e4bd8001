/**
 * A known API key is planted in targets on a server of its own (so its logs can be read), used
 * for connection tests and runs, and echoed back by a hostile target. Then every page's HTML
 * and RSC payload, every response the browser received (server-action replies included), every
 * API response, export and link image, and the server's whole log are searched for it: zero hits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const KEY = `sk-plant-${randomBytes(16).toString('hex')}`;
const ADMIN = { email: 'keys@example.com', password: 'planted key admin' };

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

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
  const [port, pgPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-e2e-keys-'));
  fs.chmodSync(dataDir, 0o755);
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir, DATABASE_URL: '', HOST: '127.0.0.1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk) => (log += chunk));
  server.stderr!.on('data', (chunk) => (log += chunk));
  const bodies: { where: string; body: Buffer }[] = [];
  try {
    await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.status, { timeout: 180_000, intervals: [500] }).toBe(200);

    const context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    // Everything the browser receives: documents, RSC payloads, server-action replies, API calls.
    page.on('response', async (response) => {
      const body = await response.body().catch(() => undefined);
      if (body) bodies.push({ where: `${response.request().method()} ${response.url()}`, body });
    });
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
    anonymous.on('response', async (response) => {
      const body = await response.body().catch(() => undefined);
      if (body) bodies.push({ where: `anonymous ${response.url()}`, body });
    });
    for (const link of [runShare, compareShare]) {
      await anonymous.goto(link);
      const token = link.split('/share/')[1];
      await fetchAll(anonymous.request, 'anonymous', [`/share/${token}`], true);
      await fetchAll(anonymous.request, 'anonymous', [`/api/share/${token}/live`, `/api/share/${token}/og`], false);
    }
    await stranger.close();
    await context.close();
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    target.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  expect(bodies.length).toBeGreaterThan(80);
  expect(log).toContain('ready on');
  const needle = KEY.slice('sk-plant-'.length, 'sk-plant-'.length + 16); // any 16 characters of its secret part would do
  const hits = [...bodies.filter(({ body }) => body.includes(needle)).map(({ where }) => where), ...(log.includes(needle) ? ['server log'] : [])];
  expect(hits).toEqual([]);
});

async function visit(page: Page, target: string) {
  await page.goto(target);
  expect(await page.content()).not.toContain(KEY);
}
