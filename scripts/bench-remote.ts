/**
 * `npm run bench -- --app URL --token T --target ID --workers N …`: a run the app coordinates,
 * split across its load workers (README "Scale out"), started and followed from the terminal
 * through the JSON API: POST /api/runs, the live route for progress, the verdict, the export.
 * Exit codes as for a local run: 0 passed, 99 a threshold failed, 1 the run failed, 2 bad input.
 */
import fs from 'node:fs';
import { junitXml, markdownSummary } from '../lib/runner/ci-reports';
import { formatReports, type StageReport } from '../lib/runner/report';
import { parseStoredReport } from '../lib/runs/stored';

export interface RemoteOptions {
  app?: string;
  token?: string;
  target?: string;
  fields: Record<string, string | undefined>;
  files: { summaryMd?: string; junit?: string };
  json: boolean;
}

interface Started {
  runIds: string[];
  url: string;
  done?: boolean;
  passed?: boolean | null;
  runs?: { id: string; status: string; statusReason: string | null; thresholdsPassed: boolean | null }[];
}

/** Answers of the app: its JSON, or a line saying what it answered. */
async function call<T>(app: string, token: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(`${app}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  } catch (error) {
    throw new Error(`the app at ${app} did not answer (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`, { cause: error });
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch {
    throw new Error(`the app answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
}

export async function runRemote(options: RemoteOptions, fail: (message: string) => never): Promise<number> {
  const app = (options.app ?? process.env.BENCH_URL)?.replace(/\/+$/, '');
  const token = options.token ?? process.env.GB_TOKEN;
  if (!app || !token || !options.target) {
    fail('a run the app coordinates (--workers, --app) needs --app URL (or BENCH_URL), --token (or GB_TOKEN: an operator’s API token, Account → API tokens) and --target ID (a target saved in the app, which keeps its key; the id is on the Targets page)');
  }
  const fields = Object.fromEntries(Object.entries({ ...options.fields, targetId: options.target }).filter(([, v]) => v !== undefined));
  const started = await call<Started & { error?: string; fields?: Record<string, string> }>(app, token, '/api/runs', { method: 'POST', body: JSON.stringify(fields) });
  if (started.status === 422) fail(`the app refused the run:\n  ${Object.entries(started.body.fields ?? {}).map(([field, message]) => `${field}: ${message}`).join('\n  ')}`);
  if (started.status >= 400) throw new Error(`the app answered ${started.status}: ${started.body.error ?? 'no reason given'}`);
  const runId = started.body.runIds[0];
  if (!options.json) console.error(`▶ run ${runId}: ${started.body.url}`);

  let cancelled = false;
  process.once('SIGINT', () => {
    cancelled = true;
    console.error('\nCancelling the run in the app (its results so far are kept)…');
    void call(app, token, `/api/runs/${runId}/cancel`, { method: 'POST' }).catch(() => undefined);
  });
  // Progress from the live route, the verdict when it is done.
  let after = -1;
  let requests = 0;
  for (;;) {
    const verdict = await call<Started>(app, token, `/api/runs/${runId}/verdict`);
    if (verdict.body.done) break;
    const live = await call<{ points?: { second: number; requests: number; rps: number; p95Ms: number | null; failures: number }[] }>(app, token, `/api/runs/${runId}/live?after=${after}`).catch(() => undefined);
    for (const point of live?.body.points ?? []) {
      after = point.second;
      if (point.second < 0) continue;
      requests += point.requests;
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${point.second + 1}s  ${requests.toLocaleString('en-US')} requests  ${point.rps.toFixed(0)} req/s  p95 ${point.p95Ms ?? '—'} ms  ${point.failures} failures/s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const verdict = (await call<Started>(app, token, `/api/runs/${runId}/verdict`)).body;
  const exported = (await call<{ run: { status: string; statusReason: string | null; stageLabel: string | null; targetName: string; report: unknown } }>(app, token, `/api/runs/${runId}/export?format=json`)).body;
  const stored = parseStoredReport(exported.run.report);
  const report = stored && ({ ...stored, label: stored.label ?? exported.run.stageLabel ?? 'run' } as unknown as StageReport);
  const title = `Gateway Bench: ${exported.run.targetName} (run ${runId})`;
  if (report && options.files.summaryMd) fs.writeFileSync(options.files.summaryMd, markdownSummary(title, [report]));
  if (report && options.files.junit) fs.writeFileSync(options.files.junit, junitXml(title, [report], report.durationMs ?? 0));
  const failedThresholds = verdict.runs?.some((r) => r.thresholdsPassed === false) ?? false;
  if (options.json) {
    console.log(JSON.stringify({ ...(stored ?? {}), runId, url: started.body.url, status: exported.run.status, passed: verdict.passed, cancelled }, null, 2));
  } else {
    if (report) console.log(formatReports([report]));
    const results = report?.thresholds?.results ?? [];
    if (results.length) console.log(`\nThresholds:\n${results.map((t) => `  ${t.passed ? '✓' : '✗'} ${t.expression} (measured ${t.actual === null ? 'nothing' : Math.round(t.actual * 1000) / 1000})`).join('\n')}`);
    console.log(`\n${exported.run.status}${exported.run.statusReason ? `: ${exported.run.statusReason}` : ''} — ${started.body.url}`);
  }
  if (failedThresholds) return 99;
  return exported.run.status === 'failed' ? 1 : 0;
}
