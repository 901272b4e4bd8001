import { describe, expect, it } from 'vitest';
import { compareRates, compareSeries } from './significance';

const noisy = (mean: number, spread: number, n = 30) => Array.from({ length: n }, (_, i) => mean + spread * Math.sin(i * 1.7));

describe('compareSeries', () => {
  it('does not call a 1% change in a noisy p99 a regression', () => {
    expect(compareSeries(noisy(240, 30), noisy(242.4, 30), 'lower')).toBe('same');
  });

  it('calls a clear latency rise worse and a clear RPS rise better', () => {
    expect(compareSeries(noisy(150, 5), noisy(240, 5), 'lower')).toBe('worse');
    expect(compareSeries(noisy(1035, 20), noisy(1170, 20), 'higher')).toBe('better');
  });

  it('ignores a tiny but steady change below 2%', () => {
    expect(compareSeries(noisy(100, 0.01), noisy(101, 0.01), 'lower')).toBe('same');
  });

  // Only the Welch condition decides these: the change is well above the 2% floor.
  it('calls a 4% change within twice its standard error "same", and the same change with less noise "worse"', () => {
    // spread 30 → per-second variance ≈ 450; SE = √(450/30 + 450/30) ≈ 5.5; 2·SE ≈ 11 > 10.
    expect(compareSeries(noisy(240, 30), noisy(250, 30), 'lower')).toBe('same');
    // spread 10 → 2·SE ≈ 3.7 < 10.
    expect(compareSeries(noisy(240, 10), noisy(250, 10), 'lower')).toBe('worse');
    expect(compareSeries(noisy(250, 10), noisy(240, 10), 'lower')).toBe('better');
  });

  it('weighs each run by its own variance and size (Welch, not a pooled test)', () => {
    // 5 noisy seconds (sd 20) against 100 steady ones: the 15% rise is within 2·SE ≈ 17.9
    // by Welch, though a pooled-variance test (SE ≈ 1.9) would call it worse.
    const baseline = [80, 100, 120, 100, 100].map((v, i) => v + [0, 0, 0, 20, -20][i]);
    const other = Array.from({ length: 100 }, (_, i) => 115 + (i % 2 ? 1 : -1));
    expect(compareSeries(baseline, other, 'lower')).toBe('same');
    // The same sizes with a rise beyond 2·SE: worse.
    expect(compareSeries(baseline, other.map((v) => v + 5), 'lower')).toBe('worse');
  });

  it('gives no verdict on fewer than 3 seconds in either run', () => {
    expect(compareSeries([1, 2], [5, 6, 7], 'lower')).toBe('unknown');
    expect(compareSeries([5, 6, 7], [1, 2], 'lower')).toBe('unknown');
    expect(compareSeries([1, 2, 3], [10, 11, 12], 'lower')).toBe('worse');
  });
});

describe('compareRates', () => {
  it('tells 0.5% from 0.6% failures apart only with enough requests', () => {
    expect(compareRates({ failures: 5, requests: 1000 }, { failures: 6, requests: 1000 })).toBe('same');
    expect(compareRates({ failures: 500, requests: 100_000 }, { failures: 700, requests: 100_000 })).toBe('worse');
  });

  it('decides at twice the pooled standard error', () => {
    // 10,000 requests each, 100 failures at baseline. 130: |Δp| = 0.0030 ≤ 2·SE = 0.00302 → same;
    // 131: 0.0031 > 2·SE = 0.00302 → worse.
    expect(compareRates({ failures: 100, requests: 10_000 }, { failures: 130, requests: 10_000 })).toBe('same');
    expect(compareRates({ failures: 100, requests: 10_000 }, { failures: 131, requests: 10_000 })).toBe('worse');
    expect(compareRates({ failures: 131, requests: 10_000 }, { failures: 100, requests: 10_000 })).toBe('better');
  });

  it('says "same" when neither run failed or both always failed (standard error 0), and nothing without requests', () => {
    expect(compareRates({ failures: 0, requests: 5000 }, { failures: 0, requests: 9000 })).toBe('same');
    expect(compareRates({ failures: 300, requests: 300 }, { failures: 50, requests: 50 })).toBe('same');
    expect(compareRates({ failures: 0, requests: 0 }, { failures: 1, requests: 10 })).toBe('unknown');
    expect(compareRates({ failures: 1, requests: 10 }, { failures: 0, requests: 0 })).toBe('unknown');
  });

  it('compares rates, not counts, when the runs differ in size', () => {
    // 1% of 20,000 vs 1% of 5,000: the same rate.
    expect(compareRates({ failures: 200, requests: 20_000 }, { failures: 50, requests: 5000 })).toBe('same');
    // 0% of 20,000 vs 2% of 5,000: worse.
    expect(compareRates({ failures: 0, requests: 20_000 }, { failures: 100, requests: 5000 })).toBe('worse');
  });
});
