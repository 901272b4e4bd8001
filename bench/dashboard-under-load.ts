// `npm run bench:dashboard`: while the engine runs a max-rate run inside the app, measure how
// fast the app still serves /runs, the live run page and its live-update route (target p99 <
// 200 ms). Everything on loopback: a throwaway database, the app, a minimal local target.
import '../scripts/require-node'; // first: refuses an old Node.js before anything else loads
import '../scripts/server-process'; // the app's server modules may load (see there)
import { benchSession, startApp, throwawayDatabase } from './harness';
import { startFastServer } from './fast-target';

const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 30);
const USERS = Number(process.env.USERS ?? 50);

async function sample(urls: string[], ms: number, headers: Record<string, string>) {
  const times = new Map(urls.map((u) => [u, [] as number[]]));
  let errors = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const url of urls) {
      const started = performance.now();
      const response = await fetch(url, { headers }).catch(() => undefined);
      await response?.text();
      if (!response?.ok) errors++;
      times.get(url)!.push(performance.now() - started);
    }
  }
  return { times, errors };
}

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

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
    const session = await benchSession(prisma, base);

    const launch = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...session },
      body: JSON.stringify({ targetId, users: USERS, duration: `${RUN_SECONDS}s`, gatewayName: 'bench', tags: 'dashboard-under-load' }),
    });
    if (launch.status !== 201) throw new Error(`launch failed: ${launch.status} ${await launch.text()}`);
    const { runIds } = (await launch.json()) as { runIds: string[] };
    const urls = [`${base}/runs`, `${base}/runs/${runIds[0]}`, `${base}/api/runs/${runIds[0]}/live?after=-1`];

    await new Promise((r) => setTimeout(r, 2000)); // let the run reach full rate
    const { times, errors } = await sample(urls, (RUN_SECONDS - 5) * 1000, session);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] }, select: { status: true } });
    const points = await prisma.runPoint.findMany({ where: { runId: runIds[0] }, select: { rps: true } });
    const meanRps = points.reduce((n, p) => n + p.rps, 0) / Math.max(points.length, 1);

    console.log(`\nWhile a ${USERS}-user max-rate run went at ~${meanRps.toFixed(0)} req/s (status now: ${run.status}):\n`);
    let worst = 0;
    for (const [url, values] of times) {
      const p99 = pct(values, 99);
      worst = Math.max(worst, p99);
      console.log(`${url.replace(base, '').padEnd(40)} ${String(values.length).padStart(4)} requests  p50 ${pct(values, 50).toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms`);
    }
    console.log(`\nerrors: ${errors}; worst p99 ${worst.toFixed(1)} ms (target < 200 ms)`);
    if (errors > 0 || worst >= 200) process.exitCode = 1;
    await fetch(`${base}/api/runs/${runIds[0]}/cancel`, { method: 'POST', headers: session });
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
