// `npm run bench:viewers`: a crowd on one run, on loopback, in three cases (CASES=live,burst,finished):
// - live: 200 viewers of a live run page arriving over 10 s, for 60 s. Each does what the page
//   does in a browser: load the page (HTML), poll its live route every second for the seconds it
//   has not seen, reload every 10–20 s. A quarter watch through a share link (anonymous).
// - burst: the same 200 arriving within 2 s, for 20 s.
// - finished: 500 viewers of a finished run's share link arriving within 10 s: each loads the
//   link image (the chat's unfurl) and the page, and reloads the page once 5–10 s later.
// Reports p50/p95/p99 and errors per case (target: 0 errors; see README "Dashboard benchmarks").
// Bounded: VIEWERS (≤ 500) × VIEW_SECONDS (≤ 300) on the live cases.
import '../scripts/require-node'; // first: refuses an old Node.js before anything else loads
import '../scripts/server-process'; // the app's server modules may load (see there)
import http from 'node:http';
import { tokenHash } from '../lib/auth/tokens';
import { createHistogram, recordMs, summarize } from '../lib/runner/metrics/histogram';
import { benchSession, startApp, throwawayDatabase } from './harness';
import { startFastServer } from './fast-target';

const VIEWERS = Math.min(500, Number(process.env.VIEWERS ?? 200));
const VIEW_SECONDS = Math.min(300, Number(process.env.VIEW_SECONDS ?? 60));
const CASES = (process.env.CASES ?? 'live,burst,finished').split(',');
const RELOAD_EVERY_MS = [10_000, 20_000];
const SHARED_FRACTION = 0.25;

type Histogram = ReturnType<typeof createHistogram>;
class Tally {
  readonly histograms = new Map<string, Histogram>();
  readonly errors = new Map<string, number>();
  histogram(label: string): Histogram {
    let h = this.histograms.get(label);
    if (!h) this.histograms.set(label, (h = createHistogram(3)));
    return h;
  }
  fail(what: string) {
    this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
  }
}

/** One GET on a keep-alive connection (as a browser tab holds one): status and body. */
function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { 'accept-encoding': 'gzip', ...headers }, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
  });
}

async function timed(tally: Tally, agent: http.Agent, url: string, headers: Record<string, string>, label: string): Promise<Buffer | undefined> {
  const started = performance.now();
  try {
    const { status, body } = await get(agent, url, headers);
    recordMs(tally.histogram(label), performance.now() - started);
    if (status !== 200) tally.fail(`${label} HTTP ${status}`);
    return status === 200 ? body : undefined;
  } catch (error) {
    tally.fail(`${label} ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return undefined;
  }
}

/** A viewer of a live run: load, poll every second, reload every 10–20 s. */
async function liveViewer(tally: Tally, agent: http.Agent, view: { page: string; live: string; headers: Record<string, string>; label: string }, until: number) {
  let after = -1;
  let nextReload = 0;
  while (Date.now() < until) {
    const tickStarted = Date.now();
    if (tickStarted >= nextReload) {
      await timed(tally, agent, view.page, view.headers, `page (${view.label})`);
      nextReload = tickStarted + RELOAD_EVERY_MS[0] + Math.random() * (RELOAD_EVERY_MS[1] - RELOAD_EVERY_MS[0]);
    }
    const body = await timed(tally, agent, `${view.live}?after=${after}`, view.headers, 'live poll');
    if (body) {
      const points = (JSON.parse(body.toString('utf8')) as { points?: { second: number }[] }).points ?? [];
      if (points.length) after = points[points.length - 1].second;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tickStarted))));
  }
}

function report(name: string, tally: Tally): number {
  console.log(`\n${name}`);
  for (const [label, histogram] of [...tally.histograms].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarize(histogram)!;
    console.log(`  ${label.padEnd(22)} ${String(s.count).padStart(6)}  p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(1)} ms`);
  }
  const errors = [...tally.errors.values()].reduce((a, b) => a + b, 0);
  console.log(`  errors: ${errors}${errors ? ` (${[...tally.errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} — target 0`);
  return errors;
}

async function main() {
  const db = await throwawayDatabase();
  const { prisma } = db;
  let target: Awaited<ReturnType<typeof startFastServer>> | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let errors = 0;
  try {
    target = await startFastServer();
    const { id: targetId } = await prisma.target.create({ data: { name: 'fast local server', baseUrl: target.url, apiFlavour: 'raw_http', extraHeaders: {} } });
    app = await startApp(db.url);
    const base = app.base;
    const operator = await benchSession(prisma, base, 'operator');
    const launch = async (duration: string) => {
      const response = await fetch(`${base}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operator },
        body: JSON.stringify({ targetId, users: 10, thinkMin: 50, thinkMax: 50, duration, warmup: '1s', gatewayName: 'bench', tags: 'viewers' }),
      });
      if (response.status !== 201) throw new Error(`launch failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { runIds: string[] }).runIds[0];
    };
    // Stored as the app stores it: the token's hash.
    const share = async (runId: string) => {
      const token = `bench-viewers-${runId}-0123456789`;
      await prisma.shareLink.create({ data: { token: tokenHash(token), kind: 'run', runIds: [runId] } });
      return token;
    };
    // Every signed-in viewer is a different user with a session of their own, as in a team.
    const sessions = await Promise.all(Array.from({ length: Math.ceil(VIEWERS * (1 - SHARED_FRACTION)) }, () => benchSession(prisma, base, 'viewer')));

    const liveCase = async (name: string, rampSeconds: number, seconds: number) => {
      const runId = await launch(`${seconds + 20}s`);
      const token = await share(runId);
      await new Promise((r) => setTimeout(r, 3000));
      const tally = new Tally();
      const agent = new http.Agent({ keepAlive: true, maxSockets: VIEWERS * 2 });
      const until = Date.now() + seconds * 1000;
      const shared = Math.round(VIEWERS * SHARED_FRACTION);
      console.log(`\n${name}: ${VIEWERS} viewers (${VIEWERS - shared} signed in, ${shared} through a share link) arriving over ${rampSeconds} s, on live run ${runId} for ${seconds} s…`);
      await Promise.all(
        Array.from({ length: VIEWERS }, async (_, i) => {
          await new Promise((r) => setTimeout(r, (i * rampSeconds * 1000) / VIEWERS));
          return i % 4 === 0
            ? liveViewer(tally, agent, { page: `${base}/share/${token}`, live: `${base}/api/share/${token}/live`, headers: {}, label: 'shared' }, until)
            : liveViewer(tally, agent, { page: `${base}/runs/${runId}`, live: `${base}/api/runs/${runId}/live`, headers: sessions[i % sessions.length], label: 'signed in' }, until);
        }),
      );
      agent.destroy();
      await fetch(`${base}/api/runs/${runId}/cancel`, { method: 'POST', headers: operator });
      // Page loads of both kinds together, as the targets are stated.
      const all = createHistogram(3);
      for (const [label, h] of tally.histograms) if (label.startsWith('page')) all.add(h);
      tally.histograms.set('page (all)', all);
      errors += report(name, tally);
    };

    if (CASES.includes('live')) await liveCase('live', Number(process.env.RAMP_SECONDS ?? 10), VIEW_SECONDS);
    if (CASES.includes('burst')) await liveCase('burst', 2, Math.min(VIEW_SECONDS, 20));
    if (CASES.includes('finished')) {
      const runId = await launch('3s');
      for (let i = 0; i < 100; i++) {
        const { status } = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
        if (status !== 'queued' && status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const token = await share(runId);
      const viewers = Math.min(500, Number(process.env.FINISHED_VIEWERS ?? 500));
      const tally = new Tally();
      const agent = new http.Agent({ keepAlive: true, maxSockets: viewers * 2 });
      console.log(`\nfinished: ${viewers} viewers of finished run ${runId}'s share link arriving within 10 s (link image, page, one reload)…`);
      await Promise.all(
        Array.from({ length: viewers }, async (_, i) => {
          await new Promise((r) => setTimeout(r, (i * 10_000) / viewers));
          await timed(tally, agent, `${base}/api/share/${token}/og`, {}, 'link image');
          const page = await timed(tally, agent, `${base}/share/${token}`, {}, 'page');
          if (page && !page.length) tally.fail('page empty');
          await new Promise((r) => setTimeout(r, 5000 + Math.random() * 5000));
          await timed(tally, agent, `${base}/share/${token}`, {}, 'page');
        }),
      );
      agent.destroy();
      errors += report('finished', tally);
    }
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
