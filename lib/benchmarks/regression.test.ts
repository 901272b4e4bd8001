/** Regression detection on synthetic histories with known shifts, and none on A/A histories. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/random';
import { newObservationTest } from '../stats/new-observation';
import { detectRegression, REGRESSION_POLICY, type RunMetrics } from './regression';

/** A run whose metrics are `base` × a log-normal noise of about `cv` (each metric independent). */
function makeRun(id: string, random: () => number, base: { p50: number; p95: number; p99: number; rps: number }, cv: number): RunMetrics {
  const noise = () => {
    const u = 1 - random();
    const v = random();
    return Math.exp(cv * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  };
  return { id, latencyP50Ms: base.p50 * noise(), latencyP95Ms: base.p95 * noise(), latencyP99Ms: base.p99 * noise(), rps: base.rps * noise(), ttftP95Ms: null };
}

const BASE = { p50: 120, p95: 200, p99: 320, rps: 400 };

/** Tests every run of a series against the runs before it (latest first), as each would be when it finished. */
function verdicts(series: RunMetrics[]) {
  return series.map((run, i) => detectRegression(run, series.slice(0, i).reverse()));
}

describe('the one-new-observation t-test', () => {
  it('matches the textbook numbers', () => {
    // history 10, 12, 14 (mean 12, sd 2); 18 is t = 6 / (2·√(4/3)) = 2.598 on 2 df.
    const test = newObservationTest([10, 12, 14], 18)!;
    expect(test.mean).toBe(12);
    expect(test.sd).toBe(2);
    expect(test.t).toBeCloseTo(2.598, 3);
    expect(test.df).toBe(2);
    // Two-sided p for t = 2.598 on 2 df is 0.1217.
    expect(test.p).toBeCloseTo(0.1217, 3);
    expect(newObservationTest([5], 6)).toBeNull();
  });
});

describe('regression detection from history', () => {
  it('says there is too little history, and how much it needs', () => {
    const random = seededRandom(1);
    const history = [1, 2, 3].map((i) => makeRun(`h${i}`, random, BASE, 0.03));
    const result = detectRegression(makeRun('new', random, BASE, 0.03), history);
    expect(result.verdict).toBe('insufficient');
    expect(result.summary).toBe('Not tested: a benchmark needs 5 earlier completed runs to test against; it has 3.');
  });

  it('flags a 25% slower p95 as a regression at the run it appears, and not before', () => {
    const random = seededRandom(7);
    const series = Array.from({ length: 20 }, (_, i) => makeRun(`r${i}`, random, i < 12 ? BASE : { ...BASE, p95: BASE.p95 * 1.25, p99: BASE.p99 * 1.25 }, 0.03));
    const results = verdicts(series);
    expect(results.slice(0, 5).every((r) => r.verdict === 'insufficient')).toBe(true);
    expect(results.slice(5, 12).map((r) => r.verdict)).toEqual(Array(7).fill('unchanged'));
    expect(results[12].verdict).toBe('regression');
    const p95 = results[12].checks.find((c) => c.metric === 'latencyP95Ms')!;
    expect(p95.verdict).toBe('regression');
    expect(p95.change).toBeGreaterThan(0.15);
    expect(p95.historyRuns).toBe(10);
    expect(results[12].summary).toMatch(/^Regression against the last 10 runs: .*p95 latency \+\d+\.\d%/);
    expect(results[12].historyRunIds).toEqual(['r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2']);
  });

  it('calls lower throughput a regression and lower latency an improvement', () => {
    const random = seededRandom(11);
    const history = Array.from({ length: 10 }, (_, i) => makeRun(`h${i}`, random, BASE, 0.02));
    const slower = detectRegression({ ...makeRun('a', random, BASE, 0.02), rps: BASE.rps * 0.7 }, history);
    expect(slower.verdict).toBe('regression');
    expect(slower.checks.find((c) => c.metric === 'rps')!.verdict).toBe('regression');
    const faster = detectRegression(makeRun('b', random, { ...BASE, p50: BASE.p50 * 0.7, p95: BASE.p95 * 0.7, p99: BASE.p99 * 0.7 }, 0.02), history);
    expect(faster.verdict).toBe('improvement');
  });

  it('does not call a certain change smaller than the relative bound', () => {
    const random = seededRandom(3);
    // Almost no noise (0.2%): a 3% change is far outside it, but under the 5% bound.
    const history = Array.from({ length: 10 }, (_, i) => makeRun(`h${i}`, random, BASE, 0.002));
    const result = detectRegression({ ...makeRun('new', random, BASE, 0.002), latencyP95Ms: BASE.p95 * 1.03 }, history);
    const p95 = result.checks.find((c) => c.metric === 'latencyP95Ms')!;
    expect(p95.p).toBeLessThan(0.001);
    expect(p95.verdict).toBe('unchanged');
    expect(result.verdict).toBe('unchanged');
  });

  it('does not call a large change within a noisy history', () => {
    const random = seededRandom(5);
    const history = Array.from({ length: 10 }, (_, i) => makeRun(`h${i}`, random, BASE, 0.3));
    const result = detectRegression({ ...makeRun('new', random, BASE, 0.0), latencyP95Ms: BASE.p95 * 1.3 }, history);
    expect(result.checks.find((c) => c.metric === 'latencyP95Ms')!.verdict).toBe('unchanged');
  });

  it('raises no false alarm on an A/A history of 20 runs', () => {
    const random = seededRandom(1);
    const series = Array.from({ length: 20 }, (_, i) => makeRun(`aa${i}`, random, BASE, 0.05));
    const results = verdicts(series);
    expect(results.filter((r) => r.verdict === 'insufficient')).toHaveLength(5);
    expect(results.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement')).toEqual([]);
  });

  it('keeps the false-alarm rate on A/A histories at the configured level, and still finds real shifts', () => {
    const random = seededRandom(42);
    let alarms = 0;
    let tested = 0;
    let found = 0;
    let quiet = 0;
    const histories = 400;
    for (let h = 0; h < histories; h++) {
      const series = Array.from({ length: 20 }, (_, i) => makeRun(`${h}-${i}`, random, BASE, 0.05));
      const alarmed = verdicts(series)
        .slice(REGRESSION_POLICY.minRuns)
        .filter((result) => result.verdict !== 'unchanged').length;
      tested += 20 - REGRESSION_POLICY.minRuns;
      alarms += alarmed;
      if (alarmed === 0) quiet++;
      // A history at 3% noise, then one run 30% slower at p95.
      const steady = Array.from({ length: 10 }, (_, i) => makeRun(`${h}-q${i}`, random, BASE, 0.03));
      const shifted = detectRegression(makeRun(`${h}-s`, random, { ...BASE, p95: BASE.p95 * 1.3 }, 0.03), steady);
      if (shifted.verdict === 'regression') found++;
    }
    // 6,000 tested runs: at alpha = 1% the expected false alarms are at most 60 (fewer: the bound
    // and the Bonferroni split both cut them); 1.5% leaves room for chance, not for a broken test.
    expect(tested).toBe(histories * 15);
    expect(alarms / tested).toBeLessThanOrEqual(REGRESSION_POLICY.alpha * 1.5);
    // 15 tests at 1% each: most 20-run A/A histories (about 86%) raise no alarm at all.
    expect(quiet / histories).toBeGreaterThan(0.8);
    // A 30% shift at 3% noise is ~8 standard deviations of the history: nearly always found.
    expect(found / histories).toBeGreaterThan(0.95);
  });
});
