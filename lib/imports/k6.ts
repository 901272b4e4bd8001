/**
 * k6: the end-of-test summary (`--summary-export FILE`, or a handleSummary JSON: each metric's
 * values under `values`) and the JSON lines output (`--out json=FILE`: one Point per sample,
 * so the percentiles and the per-second series are exact).
 */
import { createHistogram, encodeHistogram, recordMs } from '../runner/metrics/histogram';
import { finiteNumber, hostOf, ImportError, round3, summarizeRecorded, type ImportedPoint, type ImportedRun, type PartialPercentiles } from './types';

type Metric = Record<string, unknown>;


/** A metric's values: summary-export puts them on the metric, handleSummary under `values`. */
function values(metrics: Record<string, Metric>, name: string): Record<string, unknown> | undefined {
  const metric = metrics[name];
  if (!metric || typeof metric !== 'object') return undefined;
  return (typeof metric.values === 'object' && metric.values !== null ? metric.values : metric) as Record<string, unknown>;
}

export const isK6Summary = (json: unknown): json is { metrics: Record<string, Metric> } =>
  typeof json === 'object' && json !== null && typeof (json as { metrics?: unknown }).metrics === 'object' && (json as { metrics: Record<string, unknown> }).metrics?.http_reqs !== undefined;

export function importK6Summary(json: { metrics: Record<string, Metric>; state?: { testRunDurationMs?: number } }, fileName: string): ImportedRun {
  const reqs = values(json.metrics, 'http_reqs');
  const requests = finiteNumber(reqs?.count);
  const rate = finiteNumber(reqs?.rate);
  if (requests === undefined || rate === undefined) throw new ImportError(`${fileName}: http_reqs has no count and rate`);
  const failed = values(json.metrics, 'http_req_failed');
  // A Rate metric: `passes` counts the true values (failed requests), `fails` the false ones.
  const failures = finiteNumber(failed?.passes) ?? (finiteNumber(failed?.rate ?? failed?.value) !== undefined ? Math.round(finiteNumber(failed?.rate ?? failed?.value)! * requests) : undefined);
  const duration = values(json.metrics, 'http_req_duration');
  if (!duration) throw new ImportError(`${fileName}: no http_req_duration metric (k6 writes it for every HTTP request)`);
  const latencyMs: PartialPercentiles = {};
  const pick = (key: keyof PartialPercentiles, ...names: string[]) => {
    for (const name of names) {
      const value = finiteNumber(duration[name]);
      if (value !== undefined) return void (latencyMs[key] = round3(value));
    }
  };
  pick('p50', 'med', 'p(50)');
  pick('p90', 'p(90)');
  pick('p95', 'p(95)');
  pick('p99', 'p(99)');
  pick('avg', 'avg');
  pick('max', 'max');
  const vus = values(json.metrics, 'vus_max') ?? values(json.metrics, 'vus');
  const users = finiteNumber(vus?.max) ?? finiteNumber(vus?.value);
  const testRunMs = finiteNumber(json.state?.testRunDurationMs);
  const durationMs = testRunMs ?? (rate > 0 ? Math.round((requests / rate) * 1000) : undefined);
  const missing = ['a per-second series: the summary has totals only (k6 --out json=FILE has every sample)', 'time to first token, inter-token latency and TPOT: k6 measures whole HTTP responses'];
  if (latencyMs.p99 === undefined) missing.unshift('latency p99: not in the summary (k6 summarises p(90) and p(95) unless --summary-trend-stats asks for p(99))');
  if (failures === undefined) missing.push('failures: no http_req_failed metric');
  return {
    tool: 'k6',
    files: [fileName],
    targetName: 'k6 import',
    targetUrl: '',
    stageLabel: users ? `${users} VUs` : undefined,
    durationMs,
    requests,
    failures: failures ?? 0,
    rps: durationMs ? round3(((requests - (failures ?? 0)) * 1000) / durationMs) : undefined,
    latencyMs,
    imported: ['requests (http_reqs)', 'failures (http_req_failed)', `latency (http_req_duration: ${Object.keys(latencyMs).join(', ')})`],
    missing,
    notes: [
      "k6's http_req_duration is sending + waiting + receiving: the request's latency here (connection setup is not in it).",
      "k6's http_req_waiting is time to first byte, not to first token: it is not mapped to TTFT.",
      'RPS here is successful requests per second; k6’s http_reqs rate counts every request.',
    ],
  };
}

export const isK6JsonLines = (text: string) => /^\s*\{"type":"(Metric|Point)"/.test(text);

interface K6Line {
  type?: string;
  metric?: string;
  data?: { time?: string; value?: number; tags?: Record<string, string> };
}

export function importK6JsonLines(text: string, fileName: string): ImportedRun {
  const histogram = createHistogram();
  const perSecond = new Map<number, { requests: number; failures: number; okValues: number[]; users: number }>();
  let requests = 0;
  let failures = 0;
  let first = Infinity;
  let last = -Infinity;
  let maxUsers = 0;
  const urls = new Map<string, number>();
  const failureClasses = new Map<string, { count: number; sample: string }>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let item: K6Line;
    try {
      item = JSON.parse(line);
    } catch {
      throw new ImportError(`${fileName}: line ${i + 1} is not JSON (k6 --out json writes one JSON object per line)`);
    }
    if (item.type !== 'Point' || !item.data) continue;
    const at = Date.parse(item.data.time ?? '');
    if (!Number.isFinite(at)) throw new ImportError(`${fileName}: line ${i + 1} has no valid "time"`);
    const value = item.data.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ImportError(`${fileName}: line ${i + 1} has no numeric "value"`);
    if (item.metric === 'vus') {
      maxUsers = Math.max(maxUsers, value);
      continue;
    }
    if (item.metric !== 'http_req_duration') continue;
    const tags = item.data.tags ?? {};
    const status = Number(tags.status);
    // expected_response (k6 ≥ 0.31) is what http_req_failed counts; older files: 2xx/3xx are fine.
    const failed = tags.expected_response !== undefined ? tags.expected_response === 'false' : !(status >= 200 && status < 400);
    // k6 stamps a sample when the response ended; the second is the one it ended in.
    first = Math.min(first, at);
    last = Math.max(last, at);
    requests++;
    if (tags.url) urls.set(tags.url, (urls.get(tags.url) ?? 0) + 1);
    const bucket = Math.floor(at / 1000);
    const entry = perSecond.get(bucket) ?? { requests: 0, failures: 0, okValues: [], users: maxUsers };
    entry.requests++;
    entry.users = Math.max(entry.users, maxUsers);
    if (failed) {
      failures++;
      entry.failures++;
      const failureClass = status ? `http_${status}` : 'connection_error';
      const known = failureClasses.get(failureClass) ?? { count: 0, sample: `${tags.method ?? ''} ${tags.url ?? tags.name ?? ''} → ${status || tags.error || 'no response'}`.trim() };
      known.count++;
      failureClasses.set(failureClass, known);
    } else {
      recordMs(histogram, value);
      entry.okValues.push(value);
    }
    perSecond.set(bucket, entry);
  }
  if (requests === 0) throw new ImportError(`${fileName}: no http_req_duration points (is this k6's --out json output of an HTTP test?)`);
  const summary = summarizeRecorded(histogram);
  const firstSecond = Math.floor(first / 1000);
  const points: ImportedPoint[] = [...perSecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, entry]) => {
      const window = createHistogram(2);
      for (const v of entry.okValues) recordMs(window, v);
      const s = summarizeRecorded(window)?.percentiles;
      return { second: second - firstSecond, requests: entry.requests, failures: entry.failures, rps: entry.requests - entry.failures, p50Ms: s?.p50 ?? null, p95Ms: s?.p95 ?? null, p99Ms: s?.p99 ?? null, activeUsers: entry.users };
    });
  // From the first response's second to the end of the last one's: whole seconds, as the points.
  const durationMs = (Math.floor(last / 1000) - firstSecond + 1) * 1000;
  const url = [...urls.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return {
    tool: 'k6',
    files: [fileName],
    targetName: (url && hostOf(url)) || 'k6 import',
    targetUrl: url,
    stageLabel: maxUsers ? `${maxUsers} VUs` : undefined,
    startedAt: new Date(firstSecond * 1000),
    durationMs,
    requests,
    failures,
    rps: round3(((requests - failures) * 1000) / durationMs),
    latencyMs: summary?.percentiles ?? {},
    errors: failureClasses.size ? Object.fromEntries(failureClasses) : undefined,
    points,
    latencyHistogram: summary ? encodeHistogram(histogram) : undefined,
    imported: ['every http_req_duration sample: exact percentiles of successful requests', `a per-second series of ${points.length} seconds (by the second each response ended)`, 'failures (expected_response=false, or a status outside 2xx/3xx in older files)', ...(maxUsers ? ['virtual users (vus)'] : [])],
    missing: ['time to first token, inter-token latency and TPOT: k6 measures whole HTTP responses', 'output tokens'],
    notes: [
      "Latency is k6's http_req_duration (sending + waiting + receiving) of successful requests, as this app's latency percentiles are.",
      "k6's http_req_waiting is time to first byte, not to first token: it is not mapped to TTFT.",
    ],
  };
}

