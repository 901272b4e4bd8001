// `npm run bench -- --url <endpoint> ...`: one benchmark from the command line (see README, "CLI").
import './require-node'; // first: refuses an old Node.js before anything else loads
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { apiFlavours, expandStages, fieldErrors, parseDuration, RUN_DEFAULTS, runConfigSchema, type RunConfigInput } from '../lib/runner/config';
import { startRun } from '../lib/runner/engine';
import { probe } from '../lib/runner/probe';
import { formatReports, toReport } from '../lib/runner/report';
import type { QuantileDifferences } from '../lib/stats/bootstrap';
import type { StageResult } from '../lib/runner/stage';
import { junitXml, markdownSummary } from '../lib/runner/ci-reports';
import { runRemote, type RemoteOptions } from './bench-remote';

const usage = `Usage: npm run bench -- --url <full endpoint URL> [options]

  --url URL               e.g. http://127.0.0.1:8100/v1/chat/completions
  --concurrency N         users (closed model), default ${RUN_DEFAULTS.users}
  --duration D            e.g. 8s, 2m (default ${RUN_DEFAULTS.durationMs / 1000}s unless --requests)
  --requests N            stop after N requests
  --rate R                open model: R requests/s (latency from intended send time)
  --poisson               open model: Poisson arrivals
  --max-in-flight N       open model: cap on requests in flight (default ${RUN_DEFAULTS.maxInFlight})
  --spawn-rate R          closed model: users started per second (default: all at once)
  --think MIN-MAX         closed model: think time in ms between requests, e.g. 500-1000
  --stream                stream the reply (TTFT, ITL, TPOT)
  --model M               model name (default ${RUN_DEFAULTS.model})
  --flavour F             ${apiFlavours.join(' | ')} (default: from the URL path)
  --header 'K: V'         extra header (repeatable)
  --api-key KEY           bearer key (or set BENCH_API_KEY)
  --prompt short|long     long = a sentence × --repeat (default ${RUN_DEFAULTS.repeat})
  --prompts-file FILE     one prompt per line, used round-robin
  --cache-bust            random UUID before every prompt
  --max-tokens N          default ${RUN_DEFAULTS.maxTokens}
  --timeout D             per request, default ${RUN_DEFAULTS.timeoutMs / 1000}s
  --sweep 1,10,50         run once per concurrency (or rate with --rate)
  --method M --body JSON  raw-http requests
  --overhead-header NAME  default ${RUN_DEFAULTS.overheadHeader}
  --upstream URL          overhead run: the model server --url forwards to; every user alternates
                          between the two (same prompts, random order) and the added ms per
                          quantile is printed with a 95% bootstrap interval
  --find-capacity         find the limit: the open model's rate (--rate, default 10) doubles per step
                          while --objective holds, then is bisected; prints the highest rate that held
  --objective p95<200ms   p95, p99 or ttft-p95 under a limit in ms (with --find-capacity)
  --max-failure-rate 1%   a step with more failures breaks (default 1%)
  --step D                each step's length (default 10s)
  --threshold 'p95_ms<300'  pass/fail threshold (repeatable; add :abort to stop the run when it fails);
                          exit code 99 when one fails
  --summary-md FILE       write a Markdown summary (for a CI job summary or a PR comment)
  --junit FILE            write JUnit XML (one test case per threshold)
  --warmup D              excluded from results (default ${RUN_DEFAULTS.warmupMs / 1000}s; 0 for none)
  --no-probe              start without sending one request first to check the target answers
  --json                  print one JSON object instead of tables

A run the app coordinates, split across its load workers (README "Scale out"):
  --app URL               the app (or set BENCH_URL)
  --token T               an operator's API token (or set GB_TOKEN)
  --target ID             a target saved in the app (its key stays there); instead of --url
  --workers N             load workers to split the users or the rate across
  --on-worker-lost continue|stop   default continue (the run goes on, marked suspect)
  --gateway NAME --gateway-version V   labels for the run
  (the load, duration, warm-up, stream, thresholds and CI-file options above apply)
`;

function flavourFromUrl(url: string): (typeof apiFlavours)[number] {
  const path = (() => {
    try {
      return new URL(url).pathname;
    } catch {
      return '';
    }
  })();
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/completions')) return 'openai-completions';
  if (path.endsWith('/embeddings')) return 'openai-embeddings';
  return 'raw-http';
}

function readPrompts(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  } catch (error) {
    fail(`cannot read --prompts-file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function fail(message: string): never {
  console.error(`✖ ${message}\n\n${usage}`);
  process.exit(2);
}

const number = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`--${name} must be a number (got "${text}")`);
  return value;
};

/** --objective p95<200ms, --max-failure-rate 1%, --step 10s → the search's settings. */
function capacityFlags(objective: string | undefined, maxFailure: string | undefined, step: string | undefined) {
  if (!objective) fail('--find-capacity needs --objective, e.g. p95<200ms');
  const match = /^(p95|p99|ttft-p95)\s*<\s*(\d+(?:\.\d+)?)\s*ms$/i.exec(objective.trim());
  if (!match) fail(`--objective must look like p95<200ms, p99<500ms or ttft-p95<300ms (got "${objective}")`);
  const failure = maxFailure === undefined ? undefined : /^(\d+(?:\.\d+)?)%$/.exec(maxFailure.trim());
  if (maxFailure !== undefined && !failure) fail(`--max-failure-rate must be a percentage like 1% (got "${maxFailure}")`);
  const stepMs = step === undefined ? undefined : parseDuration(step);
  if (step !== undefined && stepMs === undefined) fail(`--step must be a duration like 10s (got "${step}")`);
  const metric = match[1].toLowerCase();
  return { objective: metric === 'ttft-p95' ? ('ttftP95' as const) : (metric as 'p95' | 'p99'), limitMs: Number(match[2]), maxFailureRate: failure ? Number(failure[1]) / 100 : undefined, stepMs };
}

/** The run's config, and where the CI files go (parsed once, strictly). */
function buildConfig(argv: string[]): { input: RunConfigInput; files: { summaryMd?: string; junit?: string } } | { remote: RemoteOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: 'string' },
      concurrency: { type: 'string', short: 'c' },
      duration: { type: 'string', short: 'd' },
      requests: { type: 'string', short: 'n' },
      rate: { type: 'string' },
      poisson: { type: 'boolean' },
      'max-in-flight': { type: 'string' },
      'spawn-rate': { type: 'string' },
      think: { type: 'string' },
      warmup: { type: 'string' },
      stream: { type: 'boolean' },
      model: { type: 'string' },
      flavour: { type: 'string' },
      header: { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      prompt: { type: 'string' },
      'prompts-file': { type: 'string' },
      repeat: { type: 'string' },
      'cache-bust': { type: 'boolean' },
      'max-tokens': { type: 'string' },
      timeout: { type: 'string' },
      sweep: { type: 'string' },
      method: { type: 'string' },
      body: { type: 'string' },
      'overhead-header': { type: 'string' },
      upstream: { type: 'string' },
      'find-capacity': { type: 'boolean' },
      threshold: { type: 'string', multiple: true },
      'summary-md': { type: 'string' },
      junit: { type: 'string' },
      objective: { type: 'string' },
      'max-failure-rate': { type: 'string' },
      step: { type: 'string' },
      json: { type: 'boolean' },
      'no-probe': { type: 'boolean' },
      app: { type: 'string' },
      token: { type: 'string' },
      target: { type: 'string' },
      workers: { type: 'string' },
      'on-worker-lost': { type: 'string' },
      gateway: { type: 'string' },
      'gateway-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values.app || values.workers || values.target) {
    if (values.url) fail('--url runs from this machine; a run the app coordinates uses the app’s --target instead');
    const local = ['upstream', 'find-capacity', 'sweep', 'prompts-file', 'header', 'api-key', 'method', 'body', 'requests'].filter((name) => values[name as keyof typeof values] !== undefined);
    if (local.length) fail(`${local.map((name) => `--${name}`).join(', ')}: only for a run from this machine (--url); a run the app coordinates takes its target's settings`);
    const remote: RemoteOptions = {
      app: values.app,
      token: values.token,
      target: values.target,
      fields: {
        workers: values.workers,
        onWorkerLost: values['on-worker-lost'],
        loadModel: values.rate !== undefined ? 'open' : 'closed',
        users: values.concurrency,
        rate: values.rate,
        poisson: values.poisson ? 'on' : undefined,
        maxInFlight: values['max-in-flight'],
        spawnRate: values['spawn-rate'],
        thinkMin: values.think?.split('-')[0],
        thinkMax: values.think?.split('-')[1] ?? values.think?.split('-')[0],
        duration: values.duration,
        warmup: values.warmup,
        stream: values.stream ? 'on' : undefined,
        model: values.model,
        maxTokens: values['max-tokens'],
        timeout: values.timeout,
        thresholds: values.threshold?.map((t) => t.trim().replace(/:abort$/i, ' abort')).join('\n'),
        gatewayName: values.gateway,
        gatewayVersion: values['gateway-version'],
      },
      files: { summaryMd: values['summary-md'], junit: values.junit },
      json: !!values.json,
    };
    return { remote };
  }
  if (!values.url) fail('--url is required (or --app, --token and --target for a run the app coordinates)');
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const at = header.indexOf(':');
    if (at <= 0) fail(`--header must look like 'Name: value' (got "${header}")`);
    headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
  }
  let thinkTimeMs: { min: number; max: number } | undefined;
  if (values.think) {
    const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(values.think);
    if (!match) fail(`--think must be milliseconds like 500-1000 (got "${values.think}")`);
    thinkTimeMs = { min: Number(match[1]), max: Number(match[2] ?? match[1]) };
  }
  const findCapacity = values['find-capacity'] ? capacityFlags(values.objective, values['max-failure-rate'], values.step) : undefined;
  const rate = number('rate', values.rate) ?? (findCapacity ? 10 : undefined);
  const requests = number('requests', values.requests);
  const sweep = values.sweep?.split(',').map((v) => number('sweep', v.trim())!);
  // Options not given stay undefined: the config schema's defaults apply (lib/runner/defaults.ts).
  const input: RunConfigInput = {
    target: {
      url: values.url,
      flavour: (values.flavour ?? flavourFromUrl(values.url)) as (typeof apiFlavours)[number],
      model: values.model,
      headers,
      apiKey: values['api-key'] ?? process.env.BENCH_API_KEY,
      method: (values.method?.toUpperCase() ?? (values.body ? 'POST' : flavourFromUrl(values.url) === 'raw-http' ? 'GET' : 'POST')) as 'GET',
      body: values.body,
    },
    load:
      rate !== undefined
        ? { model: 'open', rate, poisson: values.poisson, maxInFlight: number('max-in-flight', values['max-in-flight']) }
        : { model: 'closed', users: number('concurrency', values.concurrency), spawnRate: number('spawn-rate', values['spawn-rate']), thinkTimeMs },
    durationMs: values.duration,
    requests,
    warmupMs: values.warmup,
    stream: values.stream,
    maxTokens: number('max-tokens', values['max-tokens']),
    prompt: {
      kind: (values['prompts-file'] ? 'list' : values.prompt) as 'short' | undefined,
      repeat: number('repeat', values.repeat),
      cacheBust: values['cache-bust'],
      prompts: values['prompts-file'] ? readPrompts(values['prompts-file']) : undefined,
    },
    timeoutMs: values.timeout,
    overheadHeader: values['overhead-header'],
    findCapacity,
    thresholds: (values.threshold ?? []).map((t) => {
      const abort = /:abort$/i.test(t.trim());
      return { expression: t.trim().replace(/:abort$/i, ''), abortOnFail: abort };
    }),
    upstream: values.upstream ? { url: values.upstream, flavour: (values.flavour ?? flavourFromUrl(values.upstream)) as (typeof apiFlavours)[number], model: values.model, apiKey: values['api-key'] ?? process.env.BENCH_API_KEY } : undefined,
    sweep,
  };
  return { input, files: { summaryMd: values['summary-md'], junit: values.junit } };
}

async function main() {
  const argv = process.argv.slice(2);
  let built: ReturnType<typeof buildConfig>;
  try {
    built = buildConfig(argv);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  // Errors past here are not the command line's: main's catch says them and exits 1.
  if ('remote' in built) process.exit(await runRemote(built.remote, fail));
  const { input, files } = built;
  const parsed = runConfigSchema.safeParse(input);
  if (!parsed.success) {
    fail(Object.entries(fieldErrors(parsed.error)).map(([field, message]) => `${field}: ${message}`).join('\n  '));
  }
  const json = argv.includes('--json');
  if (!argv.includes('--no-probe')) {
    const answer = await probe(parsed.data);
    if (answer.unreachable) {
      console.error(`✖ The target did not answer one request, so the run was not started: ${answer.error}\n  (--no-probe starts it anyway)`);
      process.exit(2);
    }
  }
  const progress = (text: string) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${text}`);
  let totalRequests = 0;
  const handle = startRun(expandStages(parsed.data), {
    onStageStart: ({ label }) => !json && console.error(`▶ ${label}`),
    onPoint: (_stage, point) => {
      totalRequests += point.requests;
      progress(`  ${point.second + 1}s  ${totalRequests.toLocaleString('en-US')} requests  ${point.rps.toFixed(0)} req/s  p95 ${point.p95Ms ?? '—'} ms  ${point.failures} failures/s`);
    },
    onStageEnd: () => progress(''),
  });
  process.once('SIGINT', () => {
    console.error('\nCancelling: results so far follow (Ctrl-C again to quit at once).');
    handle.cancel();
    process.once('SIGINT', () => process.exit(130));
  });
  const outcome = await handle.done;
  const reports = outcome.stages.map(toReport);
  const title = `Gateway Bench: ${parsed.data.target.url}`;
  if (files.summaryMd) fs.writeFileSync(files.summaryMd, markdownSummary(title, reports));
  if (files.junit) fs.writeFileSync(files.junit, junitXml(title, reports, reports.reduce((n, r) => n + (r.durationMs ?? 0), 0)));
  const thresholdsFailed = reports.some((r) => r.thresholds?.results.some((t) => !t.passed));
  const paired = outcome.stages[0]?.paired;
  const overhead = paired && { upstream: toReport(paired.upstream), latency: paired.latency, ttft: paired.ttft };
  if (json) {
    const body = reports.length === 1 && !parsed.data.sweep ? reports[0] : { stages: reports };
    console.log(JSON.stringify({ ...body, ...(overhead ? { overhead } : {}), cancelled: outcome.cancelled }, null, 2));
  } else {
    console.log(formatReports(reports));
    const capacity = outcome.stages[0]?.capacity;
    if (capacity) console.log(`\n${formatCapacity(capacity)}`);
    if (overhead) console.log(`\nDirect (upstream):\n${formatReports([overhead.upstream])}\n\n${formatOverhead(overhead.latency, overhead.ttft)}`);
    if (outcome.cancelled) console.log('\n(cancelled: partial results)');
    const results = reports.flatMap((r) => r.thresholds?.results ?? []);
    if (results.length) console.log(`\nThresholds:\n${results.map((t) => `  ${t.passed ? '✓' : '✗'} ${t.expression} (measured ${t.actual === null ? 'nothing' : Math.round(t.actual * 1000) / 1000})`).join('\n')}`);
  }
  // k6's convention: 99 when a threshold failed.
  if (thresholdsFailed) process.exit(99);
}

/** Every step and the limit found, as a Markdown table and a sentence. */
function formatCapacity(capacity: NonNullable<StageResult['capacity']>): string {
  const rows = capacity.steps.map((s, i) => `| ${String(i + 1).padStart(4)} | ${s.rate.toFixed(1).padStart(10)} | ${s.rps.toFixed(1).padStart(9)} | ${(s.p95Ms?.toFixed(1) ?? '—').padStart(8)} | ${(s.p99Ms?.toFixed(1) ?? '—').padStart(8)} | ${(s.passed ? 'held' : 'broke').padEnd(5)} | ${s.reason}`);
  const limit = capacity.limitRps === null ? 'no rate held the objective' : `${capacity.reached ? '' : 'at least '}${capacity.limitRps} req/s`;
  return ['Capacity search', '| step | rate req/s |       RPS |  p95 ms |  p99 ms | held  | why', '|-----:|-----------:|----------:|--------:|--------:|-------|----', ...rows, '', `Limit: ${limit} (${capacity.reason})`].join('\n');
}

/** The added latency per quantile with its interval, as a Markdown table. */
function formatOverhead(latency: QuantileDifferences | null, ttft: QuantileDifferences | null): string {
  if (!latency) return 'Overhead: no request completed on both sides.';
  const row = (name: string, d: QuantileDifferences['quantiles'][number]) =>
    `| ${name.padEnd(8)} | ${d.gateway.toFixed(2).padStart(9)} | ${d.direct.toFixed(2).padStart(9)} | ${`${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(2)}`.padStart(9)} | ${d.low === null || d.high === null ? '—'.padStart(17) : `${d.low.toFixed(2)} to ${d.high.toFixed(2)}`.padStart(17)} |`;
  return [
    `Overhead: gateway − direct, 95% bootstrap interval (${latency.replicates} resamples of whole ${latency.resampled})`,
    '| quantile | gateway ms | direct ms | added ms |          interval |',
    '|----------|-----------:|----------:|---------:|------------------:|',
    ...latency.quantiles.map((d) => row(`p${Math.round(d.q * 100)}`, d)),
    ...(ttft?.quantiles ?? []).map((d) => row(`TTFT p${Math.round(d.q * 100)}`, d)),
  ].join('\n');
}

main().catch((error) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
