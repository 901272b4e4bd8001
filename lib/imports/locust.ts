/**
 * Locust's `--csv PREFIX` output: PREFIX_stats.csv (required: the totals and percentiles of each
 * request name and the "Aggregated" row), PREFIX_stats_history.csv (optional: one Aggregated row
 * per second, Locust's own per-second series) and PREFIX_failures.csv (optional: errors by kind).
 */
import { parse } from 'csv-parse/sync';
import { ImportError, round3, type ImportedPoint, type ImportedRun, type ImportFile, type PartialPercentiles } from './types';

export const LOCUST_STATS_HEADER = 'Type,Name,Request Count';
export const LOCUST_HISTORY_HEADER = 'Timestamp,User Count';
export const LOCUST_FAILURES_HEADER = 'Method,Name,Error,Occurrences';

type Row = Record<string, string>;

function rows(file: ImportFile): Row[] {
  try {
    return parse(file.text, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
  } catch (error) {
    throw new ImportError(`${file.name}: not a readable CSV file (${(error as Error).message})`);
  }
}

/** A number from a Locust cell; "N/A" (no data yet) and blanks are undefined. */
function num(row: Row, column: string, file: string, required = false): number | undefined {
  const cell = row[column];
  if (cell === undefined || cell === '' || cell === 'N/A') {
    if (required) throw new ImportError(`${file}: the column "${column}" is missing or empty in the Aggregated row`);
    return undefined;
  }
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0) throw new ImportError(`${file}: "${column}" is "${cell.slice(0, 40)}", not a number`);
  return value;
}

/** A history row's percentile: Locust writes 0 (or N/A) before its window holds a response. */
const percentile = (row: Row, column: string, file: string) => num(row, column, file) || null;

export function importLocust(files: ImportFile[]): ImportedRun {
  const stats = files.find((f) => f.text.startsWith(LOCUST_STATS_HEADER));
  if (!stats) throw new ImportError(`Locust: the *_stats.csv file is needed (its first line starts "${LOCUST_STATS_HEADER}"); the history and failures files are optional`);
  const history = files.find((f) => f.text.startsWith(LOCUST_HISTORY_HEADER));
  const failuresFile = files.find((f) => f.text.startsWith(LOCUST_FAILURES_HEADER));

  const aggregated = rows(stats).find((row) => row.Name === 'Aggregated');
  if (!aggregated) throw new ImportError(`${stats.name}: no "Aggregated" row (the totals Locust writes last)`);
  const requests = num(aggregated, 'Request Count', stats.name, true)!;
  const failures = num(aggregated, 'Failure Count', stats.name, true)!;
  if (failures > requests) throw new ImportError(`${stats.name}: more failures (${failures}) than requests (${requests})`);
  const attemptsPerSecond = num(aggregated, 'Requests/s', stats.name, true)!;
  const failuresPerSecond = num(aggregated, 'Failures/s', stats.name) ?? 0;
  const latencyMs: PartialPercentiles = {
    p50: num(aggregated, '50%', stats.name),
    p90: num(aggregated, '90%', stats.name),
    p95: num(aggregated, '95%', stats.name),
    p99: num(aggregated, '99%', stats.name),
    avg: num(aggregated, 'Average Response Time', stats.name),
    max: num(aggregated, 'Max Response Time', stats.name),
  };
  for (const key of Object.keys(latencyMs) as (keyof PartialPercentiles)[]) if (latencyMs[key] === undefined) delete latencyMs[key];
  else latencyMs[key] = round3(latencyMs[key]!);

  const notes = [
    "Locust's percentiles are approximate: it rounds response times into buckets (whole ms under 100 ms, two significant digits above) before counting them.",
    "Locust's Requests/s counts every attempt; RPS here is successful requests per second (Requests/s − Failures/s).",
  ];
  const imported = ['requests and failures', 'latency p50, p90, p95, p99, average and max (Aggregated row)', 'requests per second'];
  const missing = ['time to first token, inter-token latency and TPOT: Locust measures whole responses', 'output tokens'];

  let points: ImportedPoint[] | undefined;
  let startedAt: Date | undefined;
  let maxUsers = 0;
  if (history) {
    const series = rows(history).filter((row) => row.Name === 'Aggregated');
    const measured = series.filter((row) => (num(row, 'Total Request Count', history.name) ?? 0) > 0 || (num(row, 'User Count', history.name) ?? 0) > 0);
    if (measured.length > 1) {
      const t0 = num(measured[0], 'Timestamp', history.name, true)!;
      startedAt = new Date(t0 * 1000);
      let previous = { t: t0, total: 0, failed: 0 };
      points = [];
      for (const row of measured) {
        const t = num(row, 'Timestamp', history.name, true)!;
        const total = num(row, 'Total Request Count', history.name, true)!;
        const failed = num(row, 'Total Failure Count', history.name) ?? 0;
        const users = num(row, 'User Count', history.name) ?? 0;
        maxUsers = Math.max(maxUsers, users);
        const seconds = Math.max(t - previous.t, 1);
        const second = t - t0;
        if (points.length === 0 || second > points.at(-1)!.second) {
          const delta = total - previous.total;
          const deltaFailed = failed - previous.failed;
          points.push({
            second,
            requests: delta,
            failures: deltaFailed,
            rps: round3((delta - deltaFailed) / seconds),
            p50Ms: percentile(row, '50%', history.name),
            p95Ms: percentile(row, '95%', history.name),
            p99Ms: percentile(row, '99%', history.name),
            activeUsers: users,
          });
        }
        previous = { t, total, failed };
      }
      imported.push(`a per-second series of ${points.length} rows (stats_history: requests, failures and users per second)`);
      notes.push("The per-second p50/p95/p99 are Locust's \"current\" percentiles, over its sliding 10-second window, not over that second alone.");
    } else {
      missing.push(`a per-second series: ${history.name} has no rows after the start (Locust wrote only its first row; --csv-full-history makes it write each second)`);
    }
  } else {
    missing.push('a per-second series: add the *_stats_history.csv file for one (without it, no per-second verdicts)');
  }

  let errors: ImportedRun['errors'];
  if (failuresFile) {
    errors = {};
    for (const row of rows(failuresFile)) {
      const count = Number(row.Occurrences);
      if (!Number.isFinite(count)) continue;
      const status = /\b([1-5]\d\d) (?:Client|Server) Error\b/.exec(row.Error ?? '')?.[1];
      const failureClass = status ? `http_${status}` : 'locust_error';
      const entry = errors[failureClass] ?? { count: 0, sample: `${row.Method} ${row.Name}: ${row.Error}`.slice(0, 300) };
      entry.count += count;
      errors[failureClass] = entry;
    }
    imported.push('failures by kind (failures.csv)');
  } else if (failures > 0) {
    missing.push('failures by kind: add the *_failures.csv file for them');
  }

  const durationMs = attemptsPerSecond > 0 ? Math.round((requests / attemptsPerSecond) * 1000) : undefined;
  return {
    tool: 'locust',
    files: [stats, history, failuresFile].filter((f): f is ImportFile => f !== undefined).map((f) => f.name),
    targetName: 'Locust import',
    targetUrl: '',
    stageLabel: maxUsers > 0 ? `${maxUsers} users` : undefined,
    startedAt,
    durationMs,
    requests,
    failures,
    rps: round3(attemptsPerSecond - failuresPerSecond),
    latencyMs,
    errors,
    points,
    imported,
    missing,
    notes,
  };
}
