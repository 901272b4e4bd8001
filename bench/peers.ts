// `npm run bench:peers`: this engine against autocannon (and wrk, when installed) on the
// same local server, same connections and duration, one after another, with ratios.
// `-- --soak 10m` also reports the engine's memory over a long max-rate run.
import '../scripts/require-node'; // first: refuses an old Node.js before anything else loads
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { expandStages, parseDuration, runConfigSchema } from '../lib/runner/config';
import { startRun } from '../lib/runner/engine';
import { startFastServer } from './fast-target';
import { nginxAvailable, startNginx } from './nginx-target';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '10s' },
    soak: { type: 'string' },
  },
});
const connections = Number(values.connections);
const durationMs = parseDuration(values.duration!)!;
const seconds = Math.round(durationMs / 1000);

async function engine(url: string, ms: number, onSecond?: (rssMb: number) => void) {
  const config = runConfigSchema.parse({ target: { url, flavour: 'raw-http', method: 'GET' }, load: { model: 'closed', users: connections }, durationMs: ms });
  const handle = startRun(expandStages(config), { onPoint: () => onSecond?.(process.memoryUsage().rss / 2 ** 20) });
  const { stages } = await handle.done;
  return { rps: stages[0].rps, p99: stages[0].latencyMs?.p99, failures: stages[0].failures, rssMb: process.memoryUsage().rss / 2 ** 20 };
}

/** autocannon on `url` for `durationS` (extra arguments for the request), with the requests it made and the CPU time it spent per request. */
function autocannon(url: string, request: string[] = [], durationS = seconds) {
  const before = childrenCpuUs();
  const out = execFileSync(process.execPath, [require.resolve('autocannon/autocannon.js'), '-c', String(connections), '-d', String(durationS), ...request, '--json', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const result = JSON.parse(out);
  const requests: number = result.requests.total;
  return { rps: requests / result.duration, requests, durationMs: result.duration * 1000, p99: result.latency.p99 as number, cpuUs: childrenCpuUs() - before };
}

function wrk(url: string) {
  if (spawnSync('wrk', ['--version']).error) return undefined;
  const out = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };
  return { rps, p99: p99 ? Number(p99[1]) * scale[p99[2]] : undefined };
}

async function main() {
  const server = await startFastServer();
  try {
    console.log(`Local server ${server.url}; ${connections} connections, ${seconds}s each, one tool at a time.\n`);
    await engine(server.url, 1000); // warm the server's JIT before anyone is measured
    // Rounds of engine → autocannon → wrk; each tool's best round counts (noise only slows a tool down).
    const rounds = Number(values.rounds);
    const results = { engine: [] as Awaited<ReturnType<typeof engine>>[], autocannon: [] as ReturnType<typeof autocannon>[], wrk: [] as NonNullable<ReturnType<typeof wrk>>[] };
    for (let round = 1; round <= rounds; round++) {
      results.engine.push(await engine(server.url, durationMs));
      results.autocannon.push(autocannon(server.url));
      const w = wrk(server.url);
      if (w) results.wrk.push(w);
      console.log(`round ${round}: engine ${results.engine.at(-1)!.rps.toFixed(0)}, autocannon ${results.autocannon.at(-1)!.rps.toFixed(0)}${w ? `, wrk ${w.rps.toFixed(0)}` : ''} req/s`);
    }
    const best = <T extends { rps: number }>(list: T[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
    const ours = best(results.engine);
    const ac = best(results.autocannon);
    const w = results.wrk.length ? best(results.wrk) : undefined;
    const row = (name: string, rps: number, p99?: number) =>
      console.log(`${name.padEnd(22)} ${rps.toFixed(0).padStart(9)} req/s   p99 ${p99 === undefined ? '—' : p99.toFixed(2)} ms`);
    console.log(`\nBest of ${rounds} round(s):`);
    row('gateway-bench engine', ours.rps, ours.p99);
    row('autocannon', ac.rps, ac.p99);
    if (w) row('wrk -t1', w.rps, w.p99);
    else console.log('wrk                    not installed (apt-get install wrk) — skipped');
    console.log(`\nengine / autocannon = ${(ours.rps / ac.rps).toFixed(2)}× (target ≥ 1.0×)`);
    if (w) console.log(`engine / wrk        = ${(ours.rps / w.rps).toFixed(2)}× (target ≥ 0.4×)`);
    const failures = results.engine.reduce((n, r) => n + r.failures, 0);
    console.log(`engine failures: ${failures}; process RSS after the runs: ${ours.rssMb.toFixed(0)} MB`);
    if (failures > 0) {
      console.error('✖ The engine had failures, so its requests/s is not comparable.');
      process.exitCode = 1;
    }

    await nginxCase(Number(values.rounds));

    if (values.soak) {
      const soakMs = parseDuration(values.soak)!;
      let maxRss = 0;
      let samples = 0;
      console.log(`\nSoak: max-rate engine run for ${values.soak}…`);
      const soak = await engine(server.url, soakMs, (rss) => {
        maxRss = Math.max(maxRss, rss);
        if (++samples % 60 === 0) console.log(`  ${samples}s  RSS ${rss.toFixed(0)} MB`);
      });
      console.log(`Soak: ${soak.rps.toFixed(0)} req/s, peak RSS ${maxRss.toFixed(0)} MB, RSS at end ${soak.rssMb.toFixed(0)} MB (target < 200 MB)`);
    }
  } finally {
    server.stop();
  }
}

/** CPU time (µs) of this process's finished children (Linux /proc; 10 ms resolution), NaN elsewhere. */
function childrenCpuUs(): number {
  try {
    // Fields after the command name: state is field 3, cutime and cstime are fields 16 and 17.
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1e6) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Against a non-Node upstream (nginx answering a fixed OpenAI chat completion): the engine as it
 * runs for users (openai-chat, every reply parsed) and autocannon sending the same POST.
 *
 * This host's speed drifts by a third within seconds (other machines share it), far more than
 * the tools differ, and a drift slows whichever tool it falls on. So a round is pairs of short
 * slices, the two tools taking turns (who goes first alternates), and the round's ratio is the
 * median of its pairs' ratios: one pair a drift fell on does not decide it. The target holds
 * on every round.
 */
async function nginxCase(rounds: number) {
  if (!nginxAvailable()) {
    console.log('\nnginx case: nginx not installed (apt-get install nginx-light) — skipped');
    return;
  }
  const nginx = await startNginx();
  const body = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64 });
  const sliceS = Math.max(1, Math.round(seconds / 2));
  const pairs = 5;
  // CPU time per request (user + system, this process / autocannon's) says how much work each
  // tool does per request, which the host's noise moves less than requests/s.
  const chat = async () => {
    const config = runConfigSchema.parse({ target: { url: nginx.url, flavour: 'openai-chat', model: 'bench' }, load: { model: 'closed', users: connections }, durationMs: sliceS * 1000, warmupMs: 0 });
    const cpu = process.cpuUsage();
    const [stage] = (await startRun(expandStages(config)).done).stages;
    const used = process.cpuUsage(cpu);
    return { requests: stage.successes, durationMs: stage.durationMs, failures: stage.failures, cpuUs: used.user + used.system };
  };
  const cannon = () => autocannon(nginx.url, ['-m', 'POST', '-H', 'content-type=application/json', '-b', body], sliceS);
  try {
    console.log(
      `\nnginx case: ${nginx.url} answers a fixed chat completion; the engine parses every reply (openai-chat), autocannon sends the same POST. Each round: ${pairs} pairs of ${sliceS}s slices, taking turns.`,
    );
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const ratios: number[] = [];
    let failures = 0;
    for (let round = 1; round <= Math.max(rounds, 3); round++) {
      const ours = { requests: 0, durationMs: 0, cpuUs: 0 };
      const theirs = { requests: 0, durationMs: 0, cpuUs: 0 };
      const pairRatios: number[] = [];
      const rps = (tool: typeof ours) => (tool.requests * 1000) / tool.durationMs;
      for (let pair = 0; pair < pairs; pair++) {
        let engineSlice: Awaited<ReturnType<typeof chat>>;
        let cannonSlice: ReturnType<typeof cannon>;
        if ((round + pair) % 2) {
          engineSlice = await chat();
          cannonSlice = cannon();
        } else {
          cannonSlice = cannon();
          engineSlice = await chat();
        }
        failures += engineSlice.failures;
        pairRatios.push(rps(engineSlice) / rps(cannonSlice));
        for (const [into, slice] of [[ours, engineSlice], [theirs, cannonSlice]] as const) {
          into.requests += slice.requests;
          into.durationMs += slice.durationMs;
          into.cpuUs += slice.cpuUs;
        }
      }
      ratios.push(median(pairRatios));
      console.log(
        `round ${round}: pairs ${pairRatios.map((r) => r.toFixed(2)).join(' ')} → median ${ratios.at(-1)!.toFixed(2)}×; in all: engine ${rps(ours).toFixed(0)}, autocannon ${rps(theirs).toFixed(0)} req/s; CPU per request: engine ${(ours.cpuUs / ours.requests).toFixed(1)} µs, autocannon ${(theirs.cpuUs / theirs.requests).toFixed(1)} µs (each with its start-up)`,
      );
    }
    const worst = Math.min(...ratios);
    console.log(`engine / autocannon against nginx: worst round ${worst.toFixed(2)}×, best ${Math.max(...ratios).toFixed(2)}× (target ≥ 1.0× on every round); engine failures: ${failures}`);
    if (worst < 1 || failures > 0) {
      console.error(`✖ ${failures > 0 ? 'the engine had failures' : `a round was below 1.0× (${worst.toFixed(2)}×)`}`);
      process.exitCode = 1;
    }
  } finally {
    nginx.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
