/**
 * Runs side by side: every metric of every run with its change against a baseline and a
 * verdict that respects noise (./significance.ts).
 */
import { formatSignedChange } from '../format';
import { isWholeMeasuredSecond } from '../runs/series';
import { runName, uniqueNames } from '../runs/names';
import type { StoredReport } from '../runs/stored';
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
  /** Whether every threshold held (null: the run had none). */
  thresholdsPassed?: boolean | null;
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
  /** The stored report (streaming distributions, goodput), when it has one. */
  report?: StoredReport | null;
  /** The sweep this run is a stage of, if any. */
  sweepId?: string | null;
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
  /** The unit a change is written in, when not the format's own (ms, req/s). */
  unit?: string;
}

const column = (key: keyof ComparedRun) => (run: ComparedRun) => run[key] as number | null;
/** A percentile of a streaming distribution in the report. */
const reported = (metric: 'ttftMs' | 'itlMs' | 'tpotMs', p: 'p50' | 'p95' | 'p99') => (run: ComparedRun) => run.report?.[metric]?.[p] ?? null;

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
  { key: 'ttftP99Ms', label: 'TTFT p99 ms', direction: 'lower', format: 'ms', value: reported('ttftMs', 'p99') },
  { key: 'itlP50Ms', label: 'ITL p50 ms', direction: 'lower', format: 'ms', value: reported('itlMs', 'p50') },
  { key: 'itlP95Ms', label: 'ITL p95 ms', direction: 'lower', format: 'ms', value: reported('itlMs', 'p95') },
  { key: 'itlP99Ms', label: 'ITL p99 ms', direction: 'lower', format: 'ms', value: reported('itlMs', 'p99') },
  { key: 'tpotP50Ms', label: 'TPOT p50 ms', direction: 'lower', format: 'ms', value: reported('tpotMs', 'p50') },
  { key: 'tpotP95Ms', label: 'TPOT p95 ms', direction: 'lower', format: 'ms', value: reported('tpotMs', 'p95') },
  { key: 'tpotP99Ms', label: 'TPOT p99 ms', direction: 'lower', format: 'ms', value: reported('tpotMs', 'p99') },
  { key: 'outputTokensPerSec', label: 'Output tokens/s', direction: 'higher', format: 'rps', unit: 'tokens/s', value: column('outputTokensPerSec') },
  { key: 'perUserTokensPerSec', label: 'Tokens/s per user', direction: 'higher', format: 'rps', unit: 'tokens/s', value: (r) => r.report?.perUserTokensPerSec ?? null },
  { key: 'goodputRps', label: 'Goodput (req/s meeting objectives)', direction: 'higher', format: 'rps', value: (r) => r.report?.goodput?.rps ?? null },
];

export interface Cell {
  value: number | null;
  /** Relative change against the baseline (0.1 = +10%). */
  change?: number;
  /** Absolute change against the baseline, in the metric's unit (ms, req/s, …). */
  delta?: number;
  verdict: Verdict;
}

export interface Comparison {
  baselineId: string;
  runs: ComparedRun[];
  /** Each run's human name (title, else gateway + version + ×instances, else target), unique, in the runs' order. */
  names: string[];
  rows: { metric: MetricDefinition; cells: Cell[] }[];
  /** Per run (baseline excluded): the headline metrics that really changed. */
  summaries: { runId: string; better: string[]; worse: string[] }[];
  /** One line: "Portkey 1.15.2 vs 1.9.8: p50 +12 ms (+10%), worse; p99 …". */
  summary: string;
}

/** Who reads the names: a share link's holder never sees target names (runs without labels fall back to their id). */
export type Audience = 'member' | 'public';

export function comparedRunNames(runs: ComparedRun[], audience: Audience = 'member'): string[] {
  return uniqueNames(runs.map((run) => runName({ ...run, targetName: audience === 'member' ? run.targetName : run.id })));
}

/** Runs in one order on every page and file: oldest first. */
export function chronological<T extends { createdAt: Date; id: string }>(runs: T[]): T[] {
  return [...runs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** "1.9.8" < "1.15.2" < "1.15.10"; non-numeric parts compare as text ("1.80.0-rc1" before "1.80.0"). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/i, '').split(/[.+-]/);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === undefined) return y !== undefined && /^\d+$/.test(y) ? -1 : 1;
    if (y === undefined) return /^\d+$/.test(x) ? 1 : -1;
    const [nx, ny] = [/^\d+$/.test(x) ? Number(x) : NaN, /^\d+$/.test(y) ? Number(y) : NaN];
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The baseline when none is asked for: the lowest version when the runs are versions of one
 * gateway (the old one is what a change is measured from), else the oldest run.
 */
export function defaultBaseline(runs: ComparedRun[]): ComparedRun {
  const versions = runs.filter((r) => r.gatewayVersion);
  if (versions.length === runs.length && new Set(runs.map((r) => r.gatewayName ?? '')).size === 1 && new Set(versions.map((r) => r.gatewayVersion)).size > 1) {
    return [...runs].sort((a, b) => compareVersions(a.gatewayVersion!, b.gatewayVersion!) || a.createdAt.getTime() - b.createdAt.getTime())[0];
  }
  return chronological(runs)[0];
}

/**
 * The seconds a verdict uses: whole measured seconds only (no warm-up, no part-second before the
 * stop). Series written before windows carried their length lose their last point instead.
 */
const samples = (points: SecondSample[], key: SeriesKey) => {
  const whole = points.some((p) => p.windowMs !== null) ? points.filter(isWholeMeasuredSecond) : points.slice(0, -1);
  return whole.map((p) => p[key]).filter((v): v is number => v !== null);
};

export function buildComparison(runs: ComparedRun[], series: Map<string, SecondSample[]>, baselineId?: string, audience: Audience = 'member'): Comparison {
  const baseline = runs.find((r) => r.id === baselineId) ?? defaultBaseline(runs);
  const rows = compareMetrics
    .filter((metric) => runs.some((run) => metric.value(run) !== null))
    .map((metric) => ({
      metric,
      cells: runs.map((run): Cell => {
        const value = metric.value(run);
        const base = metric.value(baseline);
        if (run.id === baseline.id || value === null || base === null) return { value, verdict: 'unknown' };
        const change = base === 0 ? undefined : (value - base) / Math.abs(base);
        const delta = value - base;
        let verdict: Verdict = 'unknown';
        if (metric.key === 'failureRate') {
          verdict = compareRates({ failures: baseline.failures ?? 0, requests: baseline.requests ?? 0 }, { failures: run.failures ?? 0, requests: run.requests ?? 0 });
        } else if (metric.series && metric.direction) {
          verdict = compareSeries(samples(series.get(baseline.id) ?? [], metric.series), samples(series.get(run.id) ?? [], metric.series), metric.direction);
        }
        return { value, change, delta, verdict };
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
  const names = comparedRunNames(runs, audience);
  return { baselineId: baseline.id, runs, names, rows, summaries, summary: comparisonSummary(runs, names, baseline.id, rows) };
}

const SUMMARY_METRICS = ['latencyP50Ms', 'latencyP99Ms', 'rps'];
const SUMMARY_WORDS: Record<Verdict, string> = { better: 'better', worse: 'worse', same: 'within noise', unknown: 'too short to call' };

/** "+66 ms (+25%)": the absolute change with its unit, and the relative one. */
export function formatChange(metric: Pick<MetricDefinition, 'format' | 'unit'>, cell: Pick<Cell, 'delta' | 'change'>): string {
  if (cell.delta === undefined) return '';
  // A rate's change is in percentage points, and a share of a share would mislead.
  if (metric.format === 'percent') return `${cell.delta > 0 ? '+' : cell.delta < 0 ? '−' : '±'}${(Math.abs(cell.delta) * 100).toFixed(2)} pts`;
  const unit = metric.unit ?? (metric.format === 'ms' ? 'ms' : metric.format === 'rps' ? 'req/s' : '');
  return formatSignedChange(cell.delta, cell.change ?? null, unit);
}

/** "Portkey 1.15.2 vs 1.9.8": the baseline's name without the words both share at the start. */
function versus(name: string, baseline: string): string {
  const a = name.split(' ');
  const b = baseline.split(' ');
  let shared = 0;
  while (shared < Math.min(a.length, b.length) - 1 && a[shared] === b[shared]) shared++;
  return `${name} vs ${b.slice(shared).join(' ')}`;
}

function comparisonSummary(runs: ComparedRun[], names: string[], baselineId: string, rows: Comparison['rows']): string {
  const base = runs.findIndex((r) => r.id === baselineId);
  return runs
    .flatMap((run, i) => {
      if (i === base) return [];
      const parts = rows
        .filter((row) => SUMMARY_METRICS.includes(row.metric.key) && row.cells[i].delta !== undefined)
        .map((row) => `${row.metric.key === 'rps' ? 'RPS' : row.metric.label.replace(/ ms$/, '')} ${formatChange(row.metric, row.cells[i])}, ${SUMMARY_WORDS[row.cells[i].verdict]}`);
      return [`${versus(names[i], names[base])}: ${parts.join('; ') || 'nothing measured to compare'}`];
    })
    .join(' · ');
}

export const VERDICT_METHOD =
  'A change counts as real when the difference of the runs’ per-second values is more than twice its standard error and at least 2% (failure rates: a two-proportion test); otherwise it is shown as no real difference.';
