/**
 * Regression detection from a benchmark's history (PRODUCT.md, "Methods"). Each new run is
 * tested against the completed runs of the same benchmark before it:
 *
 * - the last `window` runs (10) are the sample, and at least `minRuns` (5) are needed;
 * - each metric is tested on the log scale (latencies and throughput are ratios, and a log
 *   makes their right skew near normal), with the one-new-observation t-test
 *   (lib/stats/new-observation.ts), two-sided at `alpha` shared across the metrics tested
 *   (Bonferroni), so an A/A history raises a false alarm on at most `alpha` of its runs;
 * - a change also has to be at least `minChange` (5%) of the history's (geometric) mean,
 *   however certain, as a comparison's verdict is;
 * - a change in the worse direction is a regression, in the better an improvement.
 *
 * Error rates are not tested here: near zero they are not ratios, and thresholds judge them.
 */
import { newObservationTest } from '../stats/new-observation';

export interface RegressionPolicy {
  /** How many of the latest earlier runs are the history. */
  window: number;
  /** Fewer earlier runs than this: no verdict ("insufficient"). */
  minRuns: number;
  /** The chance of a false alarm per run, shared across metrics. */
  alpha: number;
  /** The smallest relative change that counts. */
  minChange: number;
}

export const REGRESSION_POLICY: RegressionPolicy = { window: 10, minRuns: 5, alpha: 0.01, minChange: 0.05 };

export const REGRESSION_METRICS = [
  { key: 'latencyP50Ms', label: 'p50 latency', unit: 'ms', worse: 'higher' },
  { key: 'latencyP95Ms', label: 'p95 latency', unit: 'ms', worse: 'higher' },
  { key: 'latencyP99Ms', label: 'p99 latency', unit: 'ms', worse: 'higher' },
  { key: 'rps', label: 'throughput', unit: 'req/s', worse: 'lower' },
  { key: 'ttftP95Ms', label: 'TTFT p95', unit: 'ms', worse: 'higher' },
] as const;

export type RegressionMetric = (typeof REGRESSION_METRICS)[number]['key'];
export type RunMetrics = { id: string } & { [K in RegressionMetric]: number | null };

export type MetricVerdict = 'regression' | 'improvement' | 'unchanged';

export interface MetricCheck {
  metric: RegressionMetric;
  label: string;
  unit: string;
  value: number;
  /** The history's geometric mean, and how many runs it has. */
  historyMean: number;
  historyRuns: number;
  /** value / historyMean − 1. */
  change: number;
  t: number;
  p: number;
  verdict: MetricVerdict;
}

export interface RegressionResult {
  verdict: MetricVerdict | 'insufficient';
  /** One sentence a person can act on. */
  summary: string;
  policy: RegressionPolicy;
  /** The earlier runs tested against, latest first. */
  historyRunIds: string[];
  checks: MetricCheck[];
}

/** `history` holds the earlier completed runs, latest first (more than `window` is fine). */
export function detectRegression(current: RunMetrics, history: readonly RunMetrics[], policy: RegressionPolicy = REGRESSION_POLICY): RegressionResult {
  const recent = history.slice(0, policy.window);
  const usable = (value: number | null): value is number => value !== null && Number.isFinite(value) && value > 0;
  const tested = REGRESSION_METRICS.filter((m) => usable(current[m.key]) && recent.filter((r) => usable(r[m.key])).length >= policy.minRuns);
  const base = { policy, historyRunIds: recent.map((r) => r.id) };
  if (tested.length === 0) {
    return { ...base, verdict: 'insufficient', checks: [], summary: `Not tested: a benchmark needs ${policy.minRuns} earlier completed runs to test against; it has ${recent.length}.` };
  }
  const alpha = policy.alpha / tested.length;
  const checks: MetricCheck[] = tested.map((m) => {
    const values = recent.map((r) => r[m.key]).filter(usable);
    const value = current[m.key] as number;
    const test = newObservationTest(values.map(Math.log), Math.log(value))!;
    const historyMean = Math.exp(test.mean);
    const change = value / historyMean - 1;
    const certain = test.p < alpha && Math.abs(change) >= policy.minChange;
    const worse = m.worse === 'higher' ? change > 0 : change < 0;
    return { metric: m.key, label: m.label, unit: m.unit, value, historyMean, historyRuns: values.length, change, t: test.t, p: test.p, verdict: certain ? (worse ? 'regression' : 'improvement') : 'unchanged' };
  });
  const regressions = checks.filter((c) => c.verdict === 'regression');
  const improvements = checks.filter((c) => c.verdict === 'improvement');
  const verdict: MetricVerdict = regressions.length ? 'regression' : improvements.length ? 'improvement' : 'unchanged';
  const describe = (list: MetricCheck[]) => list.map((c) => `${c.label} ${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(1)}%`).join(', ');
  const runs = `the last ${recent.length} runs`;
  const summary =
    verdict === 'regression'
      ? `Regression against ${runs}: ${describe(regressions)}.`
      : verdict === 'improvement'
        ? `Improvement against ${runs}: ${describe(improvements)}.`
        : `No change beyond the noise of ${runs} (or smaller than ${Math.round(policy.minChange * 100)}%).`;
  return { ...base, verdict, summary, checks };
}
