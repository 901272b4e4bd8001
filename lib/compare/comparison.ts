/**
 * Runs side by side: every metric of every run with its change against a baseline and a
 * verdict that respects noise (./significance.ts).
 */
import { isWholeMeasuredSecond } from '../runs/series';
import { compareRates, compareSeries, type Direction, type Verdict } from './significance';

export interface ComparedRun {
  id: string;
  status: string;
  targetName: string;
  stageLabel: string | null;
  gatewayName: string | null;
  gatewayVersion: string | null;
  instanceCount: number | null;
  tags: string[];
  createdAt: Date;
  requests: number | null;
  failures: number | null;
  rps: number | null;
  attemptRps: number | null;
  validity: 'valid' | 'suspect' | 'invalid' | null;
  validityReasons: string[];
  title: string | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  latencyAvgMs: number | null;
  overheadP50Ms: number | null;
  overheadP95Ms: number | null;
  overheadP99Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  outputTokensPerSec: number | null;
}

export interface SecondSample {
  second: number;
  /** The window's real length (null: written before windows carried it). */
  windowMs: number | null;
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftP50Ms: number | null;
}

type SeriesKey = 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'ttftP50Ms';

export interface MetricDefinition {
  key: string;
  label: string;
  direction?: Direction;
  format: 'count' | 'ms' | 'rps' | 'percent';
  value: (run: ComparedRun) => number | null;
  series?: SeriesKey;
  /** Part of the headline verdict. */
  headline?: boolean;
}

const column = (key: keyof ComparedRun) => (run: ComparedRun) => run[key] as number | null;

export const compareMetrics: MetricDefinition[] = [
  { key: 'requests', label: 'Total requests', format: 'count', value: column('requests') },
  { key: 'failures', label: 'Failures', format: 'count', value: column('failures') },
  { key: 'failureRate', label: 'Failure rate', direction: 'lower', format: 'percent', headline: true, value: (r) => (r.requests ? (r.failures ?? 0) / r.requests : null) },
  { key: 'latencyP50Ms', label: 'p50 ms', direction: 'lower', format: 'ms', series: 'p50Ms', headline: true, value: column('latencyP50Ms') },
  { key: 'latencyP95Ms', label: 'p95 ms', direction: 'lower', format: 'ms', series: 'p95Ms', headline: true, value: column('latencyP95Ms') },
  { key: 'latencyP99Ms', label: 'p99 ms', direction: 'lower', format: 'ms', series: 'p99Ms', headline: true, value: column('latencyP99Ms') },
  { key: 'latencyAvgMs', label: 'avg ms', direction: 'lower', format: 'ms', value: column('latencyAvgMs') },
  { key: 'rps', label: 'RPS', direction: 'higher', format: 'rps', series: 'rps', headline: true, value: column('rps') },
  { key: 'overheadP50Ms', label: 'Overhead p50 ms', direction: 'lower', format: 'ms', value: column('overheadP50Ms') },
  { key: 'overheadP95Ms', label: 'Overhead p95 ms', direction: 'lower', format: 'ms', value: column('overheadP95Ms') },
  { key: 'overheadP99Ms', label: 'Overhead p99 ms', direction: 'lower', format: 'ms', value: column('overheadP99Ms') },
  { key: 'ttftP50Ms', label: 'TTFT p50 ms', direction: 'lower', format: 'ms', series: 'ttftP50Ms', value: column('ttftP50Ms') },
  { key: 'ttftP95Ms', label: 'TTFT p95 ms', direction: 'lower', format: 'ms', value: column('ttftP95Ms') },
  { key: 'outputTokensPerSec', label: 'Output tokens/s', direction: 'higher', format: 'rps', value: column('outputTokensPerSec') },
];

export interface Cell {
  value: number | null;
  /** Relative change against the baseline (0.1 = +10%). */
  change?: number;
  verdict: Verdict;
}

export interface Comparison {
  baselineId: string;
  runs: ComparedRun[];
  rows: { metric: MetricDefinition; cells: Cell[] }[];
  /** Per run (baseline excluded): the headline metrics that really changed. */
  summaries: { runId: string; better: string[]; worse: string[] }[];
}

/**
 * The seconds a verdict uses: whole measured seconds only (no warm-up, no part-second before the
 * stop). Series written before windows carried their length lose their last point instead.
 */
const samples = (points: SecondSample[], key: SeriesKey) => {
  const whole = points.some((p) => p.windowMs !== null) ? points.filter(isWholeMeasuredSecond) : points.slice(0, -1);
  return whole.map((p) => p[key]).filter((v): v is number => v !== null);
};

export function buildComparison(runs: ComparedRun[], series: Map<string, SecondSample[]>, baselineId?: string): Comparison {
  const baseline = runs.find((r) => r.id === baselineId) ?? runs[0];
  const rows = compareMetrics
    .filter((metric) => runs.some((run) => metric.value(run) !== null))
    .map((metric) => ({
      metric,
      cells: runs.map((run): Cell => {
        const value = metric.value(run);
        const base = metric.value(baseline);
        if (run.id === baseline.id || value === null || base === null) return { value, verdict: 'unknown' };
        const change = base === 0 ? undefined : (value - base) / Math.abs(base);
        let verdict: Verdict = 'unknown';
        if (metric.key === 'failureRate') {
          verdict = compareRates({ failures: baseline.failures ?? 0, requests: baseline.requests ?? 0 }, { failures: run.failures ?? 0, requests: run.requests ?? 0 });
        } else if (metric.series && metric.direction) {
          verdict = compareSeries(samples(series.get(baseline.id) ?? [], metric.series), samples(series.get(run.id) ?? [], metric.series), metric.direction);
        }
        return { value, change, verdict };
      }),
    }));
  const summaries = runs
    .filter((run) => run.id !== baseline.id)
    .map((run) => {
      const index = runs.indexOf(run);
      const headline = rows.filter((row) => row.metric.headline);
      return {
        runId: run.id,
        better: headline.filter((row) => row.cells[index].verdict === 'better').map((row) => row.metric.label),
        worse: headline.filter((row) => row.cells[index].verdict === 'worse').map((row) => row.metric.label),
      };
    });
  return { baselineId: baseline.id, runs, rows, summaries };
}

export const VERDICT_METHOD =
  'A change counts as real when the difference of the runs’ per-second values is more than twice its standard error and at least 2% (failure rates: a two-proportion test); otherwise it is shown as no real difference.';
