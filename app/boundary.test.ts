/**
 * Every server action and route handler, called the way a hostile client can call them:
 * by every kind of caller (signed out, viewer, operator, admin) with property-based
 * (fast-check) invalid, oversized, wrongly typed and malicious values. The real code runs
 * against a real database; only Next's request context (headers, cookies, cache) is supplied
 * by the test. What must hold: nothing crashes, a caller below the needed role is refused
 * and changes nothing, a refused or invalid input writes no row, and every error is a short
 * sentence (no stack, no SQL, no internals).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { getPrisma } from '@/lib/db/client';
import { createSession } from '@/lib/auth/sessions';
import { tokenHash } from '@/lib/auth/tokens';
import { createUser } from '@/lib/auth/users';
import { hasRole, type Role } from '@/lib/auth/roles';
import { launchFieldsSchema } from '@/lib/runs/launch-fields';
import { RunManager } from '@/lib/runs/manager';
import { registerRunManager } from '@/lib/runs/registry';
import { useAppDatabase } from '@/test/app-database';
import { actAs as actAsSession } from '@/test/next-request-context';
import type { TestDatabase } from '@/test/database';

vi.mock('next/headers', () => import('@/test/next-request-context'));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', 'viewer', 'operator', 'admin'];
const sessions: Partial<Record<Caller, string>> = {};
const ids = { target: '', run: '', user: '', share: '' };

function actAs(caller: Caller, extra: Record<string, string> = {}) {
  actAsSession(sessions[caller], { 'x-gb-client-address': `10.9.${CALLERS.indexOf(caller)}.1`, ...extra });
}

/** A fingerprint of every row the app keeps: equal before and after means nothing was written. */
async function digest(): Promise<string> {
  const tables = ['Target', 'TargetSecret', 'Run', 'RunPoint', 'RunHistogram', 'User', 'Session', 'ApiToken', 'ShareLink', 'AllowedHost', 'AuditEvent'];
  const rows = await getPrisma().$queryRawUnsafe<{ d: string }[]>(
    `SELECT ${tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${t}" x)`).join(" || ',' || ")} AS d`,
  );
  return rows[0].d;
}

// ---- what hostile values look like -------------------------------------------------------
const HOSTILE = [
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', `'; DROP TABLE "Run"; --`, `1' OR '1'='1`, '1e309', '-1', 'NaN',
  'Infinity', '0x10', '9'.repeat(400), '\u0000', '\uD800', '../../etc/passwd', 'http://169.254.169.254/latest/meta-data',
  'http://[::ffff:169.254.169.254]/', 'file:///etc/passwd', '{"__proto__":{"admin":true}}', 'a'.repeat(100_000), '😀'.repeat(500),
  '  ', '', 'on', 'true', 'admin', 'operator', 'role', 'disable', 'password', 'run', 'comparison', '00000000-0000-0000-0000-000000000000',
];
const known = () => fc.constantFrom(ids.target, ids.run, ids.user, ids.share, `${ids.run},${ids.run}`);
const text = () => fc.oneof(fc.constantFrom(...HOSTILE), known(), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer().map(String), fc.double().map(String));
const fieldsOf = (names: string[]) =>
  fc.dictionary(names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, fc.string({ maxLength: 12 })) : fc.string({ maxLength: 12 }), text(), { maxKeys: 14 });

function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

// ---- every server action -----------------------------------------------------------------
interface ActionCase {
  needed: Role | 'public';
  fields: string[];
  call: (input: Record<string, string>) => Promise<unknown>;
}

async function actionCases(): Promise<Record<string, Record<string, ActionCase>>> {
  const account = await import('@/lib/actions/account');
  const runs = await import('@/lib/actions/runs');
  const shares = await import('@/lib/actions/shares');
  const signIn = await import('@/lib/actions/sign-in');
  const targets = await import('@/lib/actions/targets');
  const users = await import('@/lib/actions/users');
  const settings = await import('@/lib/actions/settings');
  const benchmarks = await import('@/lib/actions/benchmarks');
  const webhooks = await import('@/lib/actions/webhooks');
  const form = (fn: (s: object, d: FormData) => Promise<unknown>) => (input: Record<string, string>) => fn({}, formData(input));
  const plain = (fn: (d: FormData) => Promise<unknown>) => (input: Record<string, string>) => fn(formData(input));
  return {
    'account.ts': {
      changePassword: { needed: 'viewer', fields: ['current', 'password', 'confirm'], call: form(account.changePassword) },
      addApiToken: { needed: 'viewer', fields: ['name'], call: form(account.addApiToken) },
      removeApiToken: { needed: 'viewer', fields: ['id'], call: form(account.removeApiToken) },
      signOutOthers: { needed: 'viewer', fields: [], call: form(account.signOutOthers) },
    },
    'runs.ts': {
      cancelRun: { needed: 'operator', fields: ['id'], call: plain(runs.cancelRun) },
      cancelExperiment: { needed: 'operator', fields: ['id'], call: plain(runs.cancelExperiment) },
      runAgain: { needed: 'operator', fields: ['id'], call: plain(runs.runAgain) },
      launchRun: { needed: 'operator', fields: Object.keys(launchFieldsSchema.shape), call: form(runs.launchRun) },
      updateRun: { needed: 'operator', fields: ['id', 'title', 'notes', 'gatewayName', 'gatewayVersion', 'instanceCount', 'machineCpus', 'machineRamGb', 'usesPostgres', 'usesRedis', 'tags'], call: form(runs.updateRun) },
      deleteRun: { needed: 'operator', fields: ['id'], call: plain(runs.deleteRun) },
    },
    'shares.ts': {
      createShare: { needed: 'operator', fields: ['kind', 'runId', 'runs', 'baseline', 'path'], call: form(shares.createShare) },
      revokeShare: { needed: 'operator', fields: ['id', 'path'], call: form(shares.revokeShare) },
    },
    'sign-in.ts': {
      createFirstAdminAction: { needed: 'public', fields: ['email', 'password', 'confirm'], call: form(signIn.createFirstAdminAction) },
      signInAction: { needed: 'public', fields: ['email', 'password', 'next'], call: form(signIn.signInAction) },
      // Signing out deletes the caller's own session; checked with callers that have none.
      signOutAction: { needed: 'public', fields: [], call: () => signIn.signOutAction() },
    },
    'targets.ts': {
      saveTarget: { needed: 'operator', fields: ['id', 'name', 'baseUrl', 'apiFlavour', 'defaultModel', 'headers', 'apiKey', 'removeApiKey'], call: form(targets.saveTarget) },
      removeTarget: { needed: 'operator', fields: ['id'], call: plain(targets.removeTarget) },
      checkTarget: { needed: 'operator', fields: ['id'], call: (input) => targets.checkTarget(input.id as string) },
    },
    'benchmarks.ts': {
      saveAsBenchmark: { needed: 'operator', fields: ['runId', 'name'], call: form(benchmarks.saveAsBenchmark) },
      runBenchmark: { needed: 'operator', fields: ['id', 'gatewayVersion'], call: form(benchmarks.runBenchmark) },
      scheduleBenchmark: { needed: 'operator', fields: ['id', 'schedule'], call: form(benchmarks.scheduleBenchmark) },
      pinBaseline: { needed: 'operator', fields: ['id', 'runId'], call: plain(benchmarks.pinBaseline) },
      removeBenchmark: { needed: 'operator', fields: ['id'], call: plain(benchmarks.removeBenchmark) },
    },
    'webhooks.ts': {
      addWebhook: { needed: 'admin', fields: ['name', 'url', 'format', 'events'], call: form(webhooks.addWebhook) },
      removeWebhook: { needed: 'admin', fields: ['id'], call: form(webhooks.removeWebhook) },
    },
    'settings.ts': {
      allowHost: { needed: 'admin', fields: ['entry'], call: form(settings.allowHost) },
      disallowHost: { needed: 'admin', fields: ['id'], call: form(settings.disallowHost) },
    },
    'users.ts': {
      addUser: { needed: 'admin', fields: ['email', 'password', 'role'], call: form(users.addUser) },
      changeUserAction: { needed: 'admin', fields: ['change', 'id', 'role', 'password'], call: form(users.changeUserAction) },
      revokeUserToken: { needed: 'admin', fields: ['id'], call: form(users.revokeUserToken) },
    },
  };
}

type Outcome = { kind: 'returned'; value: unknown } | { kind: 'redirect'; to: string };

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { kind: 'returned', value: await promise };
  } catch (error) {
    if (isRedirectError(error)) return { kind: 'redirect', to: error.digest.split(';').slice(2, -2).join(';') }; // NEXT_REDIRECT;type;url;status;
    throw error;
  }
}

/** Did the action do what it was asked (as opposed to refusing or reporting a problem)? */
function succeeded(outcome: Outcome): boolean {
  if (outcome.kind === 'redirect') return !/^\/sign-in|notice=|^\/runs$/.test(outcome.to);
  const value = outcome.value as { ok?: boolean } | undefined;
  return value === undefined || value.ok === true;
}

function expectHelpfulMessages(outcome: Outcome, where = '') {
  if (outcome.kind !== 'returned' || !outcome.value || typeof outcome.value !== 'object') return;
  const { message, errors, error } = outcome.value as { message?: unknown; errors?: Record<string, unknown>; error?: unknown };
  for (const text of [message, error, ...Object.values(errors ?? {})].filter((t) => t !== undefined)) {
    expect(typeof text, where).toBe('string');
    expect((text as string).length, where).toBeLessThan(400);
    expect(text, where).not.toMatch(/\n\s+at |prisma|Invalid `|SELECT |TypeError|undefined|\[object/i);
  }
}

function refusedAs(caller: Caller, outcome: Outcome) {
  if (outcome.kind === 'redirect') {
    expect(outcome.to).toMatch(caller === 'anonymous' ? /^\/sign-in|^\/runs$/ : /notice=.*your%20role|^\/runs$/);
  } else {
    const value = outcome.value as { message?: string; error?: string };
    expect(value.message ?? value.error).toMatch(caller === 'anonymous' ? /^sign in to / : /^your role \(\w+\) cannot .* it needs \w+; ask an admin$/);
  }
}

// ---- every route handler -----------------------------------------------------------------
interface RouteCase {
  needed: Role | 'public';
  method: 'GET' | 'POST';
  param?: 'id' | 'token';
  handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
}

async function routeCases(): Promise<Record<string, RouteCase>> {
  return {
    'api/runs/route.ts POST': { needed: 'operator', method: 'POST', handler: (await import('./api/runs/route')).POST as RouteCase['handler'] },
    'api/runs/[id]/cancel/route.ts POST': { needed: 'operator', method: 'POST', param: 'id', handler: (await import('./api/runs/[id]/cancel/route')).POST as RouteCase['handler'] },
    'api/runs/[id]/live/route.ts GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/runs/[id]/live/route')).GET as RouteCase['handler'] },
    'api/runs/[id]/export/route.ts GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/runs/[id]/export/route')).GET as RouteCase['handler'] },
    'api/runs/[id]/workers/route.ts GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/runs/[id]/workers/route')).GET as RouteCase['handler'] },
    'api/runs/[id]/verdict/route.ts GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/runs/[id]/verdict/route')).GET as RouteCase['handler'] },
    'api/benchmarks/[id]/runs/route.ts POST': { needed: 'operator', method: 'POST', param: 'id', handler: (await import('./api/benchmarks/[id]/runs/route')).POST as RouteCase['handler'] },
    'api/imports/route.ts POST': { needed: 'operator', method: 'POST', handler: (await import('./api/imports/route')).POST as RouteCase['handler'] },
    'api/experiments/[id]/export/route.ts GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/experiments/[id]/export/route')).GET as RouteCase['handler'] },
    'api/compare/export/route.ts GET': { needed: 'viewer', method: 'GET', handler: (await import('./api/compare/export/route')).GET as RouteCase['handler'] },
    'api/og/runs/[id]/route.tsx GET': { needed: 'viewer', method: 'GET', param: 'id', handler: (await import('./api/og/runs/[id]/route')).GET as RouteCase['handler'] },
    'api/og/compare/route.tsx GET': { needed: 'viewer', method: 'GET', handler: (await import('./api/og/compare/route')).GET as RouteCase['handler'] },
    'metrics/route.ts GET': { needed: 'viewer', method: 'GET', handler: (await import('./metrics/route')).GET as RouteCase['handler'] },
    'api/openapi.json/route.ts GET': { needed: 'public', method: 'GET', handler: (await import('./api/openapi.json/route')).GET as RouteCase['handler'] },
    'api/health/route.ts GET': { needed: 'public', method: 'GET', handler: (await import('./api/health/route')).GET as RouteCase['handler'] },
    'api/share/[token]/live/route.ts GET': { needed: 'public', method: 'GET', param: 'token', handler: (await import('./api/share/[token]/live/route')).GET as RouteCase['handler'] },
    'api/share/[token]/og/route.tsx GET': { needed: 'public', method: 'GET', param: 'token', handler: (await import('./api/share/[token]/og/route')).GET as RouteCase['handler'] },
  };
}

const requestInput = () =>
  fc.record({
    query: fc.dictionary(fc.constantFrom('after', 'format', 'runs', 'baseline', 'x', '__proto__'), text(), { maxKeys: 4 }),
    body: fc.oneof(
      fc.json({ maxDepth: 2 }),
      fieldsOf(Object.keys(launchFieldsSchema.shape)).map((f) => JSON.stringify(f)),
      fc.constantFrom('', 'not json', '[]', 'null', '{"users": 1e309}', JSON.stringify({ targetId: '<script>' }), 'x'.repeat(70_000)),
    ),
    param: text(),
    authorization: fc.option(fc.constantFrom('Bearer gb_forged', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(500)}`), { nil: undefined }),
    origin: fc.option(fc.constantFrom('http://127.0.0.1:3000', 'https://evil.example'), { nil: undefined }),
  });

type RequestInput = { query: Record<string, string>; body: string; param: string; authorization?: string; origin?: string };

async function callRoute(route: RouteCase, caller: Caller, input: RequestInput) {
  actAs(caller, {});
  const url = new URL('http://127.0.0.1:3000/api/x');
  for (const [k, v] of Object.entries(input.query)) url.searchParams.set(k, v);
  const headers = new Headers({ host: '127.0.0.1:3000' });
  if (sessions[caller]) headers.set('cookie', `gb_session=${sessions[caller]}`);
  if (input.authorization && caller === 'anonymous') headers.set('authorization', input.authorization);
  if (input.origin) headers.set('origin', input.origin);
  const request = new Request(url, { method: route.method, headers, body: route.method === 'POST' ? input.body : undefined });
  return route.handler(request, { params: Promise.resolve(route.param ? { [route.param]: input.param } : {}) });
}

async function expectErrorBody(response: Response) {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    const body = await response.json();
    expect(Object.keys(body)).toContain('error');
    expectHelpfulMessages({ kind: 'returned', value: body }, `${response.url} ${response.status}`);
  } else {
    await response.arrayBuffer();
  }
}

describe('every server action and route handler, under hostile input (fast-check)', () => {
  let db: TestDatabase;
  let actions: Awaited<ReturnType<typeof actionCases>>;
  let routes: Awaited<ReturnType<typeof routeCases>>;
  const numRuns = Number(process.env.FUZZ_RUNS ?? 100);
  // Deeper runs (FUZZ_RUNS=1000) take minutes, not the default minute.
  const timeout = Math.max(60_000, numRuns * 1_000);

  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    process.env.SECRET_KEY ??= Buffer.alloc(32, 7).toString('base64');
    registerRunManager(new RunManager(getPrisma()));
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const created = await createUser({ email: `${role}@example.com`, password: 'long enough password', role });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      sessions[role] = (await createSession(created.user.id)).token;
      ids.user = created.user.id;
    }
    const prisma = getPrisma();
    ids.target = (await prisma.target.create({ data: { name: 'fuzz target', baseUrl: 'http://127.0.0.1:9' } })).id;
    ids.run = (await prisma.run.create({ data: { targetName: 'fuzz target', targetUrl: 'http://127.0.0.1:9', config: {}, status: 'completed' } })).id;
    ids.share = 'fuzz-share-token-0123456789abcdef';
    await prisma.shareLink.create({ data: { token: tokenHash(ids.share), kind: 'run', runIds: [ids.run] } });
    [actions, routes] = await Promise.all([actionCases(), routeCases()]);
  });
  afterAll(() => db.drop());

  it('covers every exported server action (lib/actions) and route handler (app/)', () => {
    const found: string[] = [];
    for (const file of fs.readdirSync('lib/actions')) {
      const source = fs.readFileSync(path.join('lib/actions', file), 'utf8');
      if (!source.startsWith("'use server'")) continue;
      for (const [, name] of source.matchAll(/^export (?:async function|const) (\w+)/gm)) found.push(`${file} ${name}`);
    }
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/^route\.tsx?$/.test(entry.name)) {
          const source = fs.readFileSync(full, 'utf8');
          for (const [, method] of source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${path.relative('app', full)} ${method}`);
        }
      }
    };
    walk('app');
    expect(found.some((entry) => entry.startsWith('runs.ts '))).toBe(true);
    const covered = [...Object.entries(actions).flatMap(([file, fns]) => Object.keys(fns).map((fn) => `${file} ${fn}`)), ...Object.keys(routes)];
    expect(covered.sort()).toEqual(found.sort());
  });

  it('every page checks who is asking before it reads anything, except the public ones', () => {
    const PUBLIC = ['sign-in/page.tsx', 'setup/page.tsx', 'share/[token]/page.tsx'];
    const pages: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'page.tsx') pages.push(path.relative('app', full));
      }
    };
    walk('app');
    expect(pages.length).toBeGreaterThan(8);
    for (const page of pages.filter((p) => !PUBLIC.includes(p))) {
      const source = fs.readFileSync(path.join('app', page), 'utf8');
      const body = source.slice(source.indexOf('export default async function'));
      // The first await of the page is the sign-in check (nothing is read before it).
      expect(body.match(/await (\w+)\(/)?.[1], page).toBe('requireSignedIn');
    }
  });

  it('actions refuse callers below their role and change nothing', { timeout }, async () => {
    for (const [file, fns] of Object.entries(actions)) {
      for (const [name, action] of Object.entries(fns)) {
        if (action.needed === 'public') continue;
        for (const caller of CALLERS.filter((c) => c === 'anonymous' || !hasRole(c, action.needed as Role))) {
          await fc.assert(
            fc.asyncProperty(fieldsOf(action.fields), async (input) => {
              actAs(caller);
              const before = await digest();
              const outcome = await outcomeOf(action.call(input));
              expect(await digest(), `${file} ${name} as ${caller}`).toBe(before);
              refusedAs(caller, outcome);
            }),
            { numRuns: Math.ceil(numRuns / 4) },
          );
        }
      }
    }
  });

  it('actions never crash on hostile values; a refused or invalid input writes no row; errors are sentences', { timeout }, async () => {
    for (const [file, fns] of Object.entries(actions)) {
      for (const [name, action] of Object.entries(fns)) {
        const caller: Caller = name === 'signOutAction' || action.needed === 'public' ? 'anonymous' : (action.needed as Role);
        await fc.assert(
          fc.asyncProperty(fieldsOf(action.fields), async (input) => {
            actAs(caller);
            const before = await digest();
            const outcome = await outcomeOf(action.call(input)).catch((error) => {
              throw new Error(`${file} ${name} crashed on ${JSON.stringify(input).slice(0, 300)}: ${error}`);
            });
            if (!succeeded(outcome)) expect(await digest(), `${file} ${name} wrote rows for ${JSON.stringify(input).slice(0, 300)}`).toBe(before);
            expectHelpfulMessages(outcome, `${file} ${name}`);
          }),
          { numRuns },
        );
      }
    }
  });

  it('route handlers answer every caller and input with a status below 500 and a JSON error, refuse callers below their role, and write nothing they refuse', { timeout }, async () => {
    for (const [name, route] of Object.entries(routes)) {
      for (const caller of CALLERS) {
        await fc.assert(
          fc.asyncProperty(requestInput(), async (input) => {
            const before = await digest();
            const response = await callRoute(route, caller, input).catch((error) => {
              throw new Error(`${name} as ${caller} crashed on ${JSON.stringify(input).slice(0, 300)}: ${error}`);
            });
            const below = route.needed !== 'public' && (caller === 'anonymous' || !hasRole(caller, route.needed));
            if (below) expect(response.status, `${name} as ${caller}`).toBe(caller === 'anonymous' ? 401 : 403);
            if (response.status >= 400) expect(await digest(), `${name} wrote rows and answered ${response.status}`).toBe(before);
            await expectErrorBody(response);
          }),
          { numRuns: Math.ceil(numRuns / 2) },
        );
      }
    }
  });
  it('cookie-authenticated POSTs from another site are refused with 403 and write nothing; the same request from the dashboard is accepted (CSRF)', async () => {
    const posts = Object.entries(routes).filter(([, route]) => route.method === 'POST');
    expect(posts.map(([name]) => name).sort()).toEqual(['api/benchmarks/[id]/runs/route.ts POST', 'api/imports/route.ts POST', 'api/runs/[id]/cancel/route.ts POST', 'api/runs/route.ts POST']);
    // A body that would start a run (against a target of this test's own: the fuzzing above may
    // have edited the shared one): only the origin check stands between it and a new row.
    const target = await getPrisma().target.create({ data: { name: 'csrf target', baseUrl: 'http://127.0.0.1:9' } });
    const launch = JSON.stringify({ targetId: target.id, users: '1', duration: '1s', warmup: '0', skipProbe: true, gatewayVersion: 'csrf' });
    const send = (route: RouteCase, caller: Caller, extra: Record<string, string>) =>
      route.handler(new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers: { host: '127.0.0.1:3000', cookie: `gb_session=${sessions[caller]}`, ...extra }, body: launch }), {
        params: Promise.resolve({ id: ids.run }),
      });
    const hostile: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'http://127.0.0.1:3001' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const [name, route] of posts) {
      for (const caller of ['operator', 'admin'] as const) {
        for (const headers of hostile) {
          const before = await digest();
          const response = await send(route, caller, headers);
          expect(response.status, `${name} as ${caller} with ${JSON.stringify(headers)}`).toBe(403);
          expect((await response.json()).error).toBe('cross-site request refused: send it from the dashboard or with an API token');
          expect(await digest(), `${name} wrote rows for a cross-site request`).toBe(before);
        }
      }
    }
    const accepted = await send(routes['api/runs/route.ts POST'], 'operator', { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
    const { runIds } = await accepted.json();
    await expect.poll(async () => (await getPrisma().run.findUniqueOrThrow({ where: { id: runIds[0] } })).status, { timeout: 15_000 }).not.toMatch(/queued|running/);
  });
});
