// `npm run bench:history`: seeds 10,000 runs into a throwaway embedded database, serves the
// app on it, and reports the /runs page's server time for common filters and sorts, with
// the query plan of each (target: < 300 ms, no sequential scan of "Run").
import '../scripts/require-node'; // first: refuses an old Node.js before anything else loads
import '../scripts/server-process'; // the app's server modules may load (see there)
import pg from 'pg';
import type { PrismaClient } from '../lib/db/generated/client';
import { listRuns, parseHistoryFilter } from '../lib/runs/history';
import { benchSession, startApp, throwawayDatabase } from './harness';

const RUNS = Number(process.env.RUNS ?? 10_000);
const QUERIES = [
  '',
  'gateway=LiteLLM&version=1.79.1',
  'tag=nightly',
  'instances=4&sort=rps',
  'status=failed',
  'from=2026-06-01&to=2026-06-30',
  'sort=latencyP95Ms&dir=asc',
  'gateway=Portkey&sort=latencyP99Ms',
  'page=20',
];

async function seed(prisma: PrismaClient) {
  const gateways = [['LiteLLM', ['1.78.0', '1.79.1', '1.80.2']], ['Portkey', ['1.13.2', '1.14.0']], ['vLLM', ['0.11.0']], ['in-house', ['2026.11']]] as const;
  const statuses = ['completed', 'completed', 'completed', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
  const tags = ['nightly', 'ref', 'db', 'redis', 'canary', 'perf'];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let batch = 0; batch < RUNS / 1000; batch++) {
    await prisma.run.createMany({
      data: Array.from({ length: 1000 }, (_, j) => {
        const i = batch * 1000 + j;
        const [gatewayName, versions] = gateways[i % gateways.length];
        const status = statuses[i % statuses.length];
        const measured = status !== 'failed';
        const p50 = 20 + (i % 180);
        return {
          targetName: 'seeded', targetUrl: 'http://127.0.0.1:4000/v1/chat/completions', config: { seeded: true }, status,
          gatewayName, gatewayVersion: versions[i % versions.length], instanceCount: [1, 2, 4, 8][i % 4],
          tags: [tags[i % tags.length], tags[(i * 7) % tags.length]].filter((t, k, a) => a.indexOf(t) === k),
          createdAt: new Date(start + i * ((330 * 86_400_000) / RUNS)),
          requests: measured ? 10_000 + i : null, failures: measured ? i % 13 : null, rps: measured ? 200 + (i % 1000) : null,
          latencyP50Ms: measured ? p50 : null, latencyP90Ms: measured ? p50 * 2 : null, latencyP95Ms: measured ? p50 * 3 : null,
          latencyP99Ms: measured ? p50 * 5 : null, latencyAvgMs: measured ? p50 * 1.2 : null, latencyMaxMs: measured ? p50 * 9 : null,
        };
      }),
    });
  }
}

async function explain(url: string, sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(`EXPLAIN ${sql}`, params);
    return result.rows.map((r) => r['QUERY PLAN'] as string);
  } finally {
    await client.end();
  }
}

async function main() {
  const db = await throwawayDatabase({ logQueries: true });
  const queries: { sql: string; params: unknown[] }[] = [];
  db.prisma.$on('query' as never, (e: { query: string; params: string }) => queries.push({ sql: e.query, params: JSON.parse(e.params) }));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    console.log(`Seeding ${RUNS.toLocaleString('en-US')} runs…`);
    await seed(db.prisma);
    await db.prisma.$executeRawUnsafe('ANALYZE "Run"');
    app = await startApp(db.url);
    const session = await benchSession(db.prisma, app.base, 'viewer');

    let seqScans = 0;
    console.log(`\n/runs server time over 20 requests each (target p50 < 300 ms), and the plan of its query:\n`);
    for (const query of QUERIES) {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const response = await fetch(`${app.base}/runs${query ? `?${query}` : ''}`, { headers: session });
        await response.text();
        if (!response.ok) throw new Error(`/runs?${query} answered ${response.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      queries.length = 0;
      await listRuns(parseHistoryFilter(Object.fromEntries(new URLSearchParams(query))), db.prisma);
      const plan = await explain(db.url, queries[0].sql, queries[0].params);
      const scans = plan.filter((line) => /Seq Scan on "Run"/.test(line)).length;
      seqScans += scans;
      const access = plan.filter((line) => /Scan/.test(line)).map((line) => line.trim().replace(/\s+\(cost.*$/, '')).join('; ');
      console.log(`/runs?${query || '(no filter)'}\n  p50 ${times[9].toFixed(1)} ms, max ${times[19].toFixed(1)} ms — ${access}${scans ? '  ✖ SEQ SCAN' : ''}`);
    }
    console.log(seqScans ? `\n✖ ${seqScans} sequential scan(s) of "Run".` : '\nNo sequential scans of "Run".');
    if (seqScans) process.exitCode = 1;
  } finally {
    await app?.stop();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
