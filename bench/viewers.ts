// `npm run bench:viewers`: 200 concurrent viewers of a live run page for 60 s, on loopback.
// Each viewer does what the page does in a browser: load the run page (HTML), then poll its
// live route every second for the seconds it has not seen, and reload the page every 10–20 s.
// Viewers arrive over the first RAMP_SECONDS (default 10 s).
// A quarter of them watch through a share link (anonymous). Reports errors (target 0) and
// p50/p99 of page loads and live polls. Bounded: VIEWERS (≤ 500) × VIEW_SECONDS (≤ 300).
import '../scripts/require-node'; // first: refuses an old Node.js before anything else loads
import '../scripts/server-process'; // the app's server modules may load (see there)
import http from 'node:http';
import { createHistogram, recordMs, summarize } from '../lib/runner/metrics/histogram';
import { benchSession, startApp, throwawayDatabase } from './harness';
import { startFastServer } from './fast-target';

const VIEWERS = Math.min(500, Number(process.env.VIEWERS ?? 200));
const VIEW_SECONDS = Math.min(300, Number(process.env.VIEW_SECONDS ?? 60));
const RELOAD_EVERY_MS = [10_000, 20_000];
const RAMP_SECONDS = Number(process.env.RAMP_SECONDS ?? 10);
const SHARED_FRACTION = 0.25;

interface Tally {
  page: ReturnType<typeof createHistogram>;
  live: ReturnType<typeof createHistogram>;
  errors: Map<string, number>;
  pages: number;
  polls: number;
}

/** One GET on a keep-alive connection (as a browser tab holds one): status and body. */
function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
  });
}

async function viewer(tally: Tally, agent: http.Agent, pageUrl: string, liveUrl: string, headers: Record<string, string>, until: number) {
  const fail = (what: string) => tally.errors.set(what, (tally.errors.get(what) ?? 0) + 1);
  const timed = async (url: string, histogram: ReturnType<typeof createHistogram>, label: string) => {
    const started = performance.now();
    try {
      const { status, body } = await get(agent, url, headers);
      recordMs(histogram, performance.now() - started);
      if (status !== 200) fail(`${label} HTTP ${status}`);
      return status === 200 ? body : undefined;
    } catch (error) {
      fail(`${label} ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return undefined;
    }
  };
  let after = -1;
  let nextReload = 0;
  while (Date.now() < until) {
    const tickStarted = Date.now();
    if (tickStarted >= nextReload) {
      await timed(pageUrl, tally.page, 'page');
      tally.pages++;
      nextReload = tickStarted + RELOAD_EVERY_MS[0] + Math.random() * (RELOAD_EVERY_MS[1] - RELOAD_EVERY_MS[0]);
    }
    const body = await timed(`${liveUrl}?after=${after}`, tally.live, 'live');
    tally.polls++;
    if (body) {
      const points = (JSON.parse(body) as { points?: { second: number }[] }).points ?? [];
      if (points.length) after = points[points.length - 1].second;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tickStarted))));
  }
}

async function main() {
  const db = await throwawayDatabase();
  const { prisma } = db;
  let target: Awaited<ReturnType<typeof startFastServer>> | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    target = await startFastServer();
    const { id: targetId } = await prisma.target.create({ data: { name: 'fast local server', baseUrl: target.url, apiFlavour: 'raw_http', extraHeaders: {} } });
    app = await startApp(db.url);
    const base = app.base;
    const operator = await benchSession(prisma, base, 'operator');
    const viewerSession = await benchSession(prisma, base, 'viewer');

    // A run that stays live for the whole measurement: 10 users with 50 ms think time.
    const launch = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operator },
      body: JSON.stringify({ targetId, users: 10, thinkMin: 50, thinkMax: 50, duration: `${VIEW_SECONDS + 20}s`, gatewayName: 'bench', tags: 'viewers' }),
    });
    if (launch.status !== 201) throw new Error(`launch failed: ${launch.status} ${await launch.text()}`);
    const runId = ((await launch.json()) as { runIds: string[] }).runIds[0];
    const token = 'bench-viewers-share-token-0123456789';
    await prisma.shareLink.create({ data: { token, kind: 'run', runIds: [runId] } });
    await new Promise((r) => setTimeout(r, 3000));

    const tally: Tally = { page: createHistogram(3), live: createHistogram(3), errors: new Map(), pages: 0, polls: 0 };
    const agent = new http.Agent({ keepAlive: true, maxSockets: VIEWERS * 2 });
    const until = Date.now() + VIEW_SECONDS * 1000;
    const shared = Math.round(VIEWERS * SHARED_FRACTION);
    console.log(`${VIEWERS} viewers (${VIEWERS - shared} signed in, ${shared} through a share link), arriving over ${RAMP_SECONDS} s, on run ${runId} for ${VIEW_SECONDS} s…`);
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, i) => {
        await new Promise((r) => setTimeout(r, (i * RAMP_SECONDS * 1000) / VIEWERS));
        return i < shared
          ? viewer(tally, agent, `${base}/share/${token}`, `${base}/api/share/${token}/live`, {}, until)
          : viewer(tally, agent, `${base}/runs/${runId}`, `${base}/api/runs/${runId}/live`, viewerSession, until);
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    agent.destroy();
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    const points = await prisma.runPoint.findMany({ where: { runId }, select: { rps: true } });
    const meanRps = points.reduce((n, p) => n + p.rps, 0) / Math.max(points.length, 1);
    await fetch(`${base}/api/runs/${runId}/cancel`, { method: 'POST', headers: operator });

    const page = summarize(tally.page)!;
    const live = summarize(tally.live)!;
    const errors = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    console.log(`\nThe run under view went at ~${meanRps.toFixed(0)} req/s (status during the test: ${run.status}).`);
    console.log(`page loads  ${String(tally.pages).padStart(6)}  p50 ${page.p50.toFixed(1).padStart(7)} ms  p95 ${page.p95.toFixed(1).padStart(7)} ms  p99 ${page.p99.toFixed(1).padStart(7)} ms  max ${page.max.toFixed(1)} ms`);
    console.log(`live polls  ${String(tally.polls).padStart(6)}  p50 ${live.p50.toFixed(1).padStart(7)} ms  p95 ${live.p95.toFixed(1).padStart(7)} ms  p99 ${live.p99.toFixed(1).padStart(7)} ms  max ${live.max.toFixed(1)} ms`);
    console.log(`errors: ${errors}${errors ? ` (${[...tally.errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} — target 0`);
    console.log(`(load generator CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${VIEW_SECONDS} s)`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await app?.stop();
    target?.stop();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
