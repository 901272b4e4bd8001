/** The maths behind overhead and experiment verdicts, against values worked out by hand or from tables. */
import { describe, expect, it } from 'vitest';
import { nearestRank, quantileDifferences, type TimedSample } from './bootstrap';
import { seededRandom, shuffled } from './random';
import { meanInterval, welchDifference } from './rounds';
import { studentTCdf, studentTQuantile } from './student-t';

describe("Student's t", () => {
  it('matches the printed table of two-sided 95% critical values', () => {
    // t(0.975, df) from any statistics table.
    const table: [number, number][] = [[1, 12.706], [2, 4.303], [3, 3.182], [5, 2.571], [6, 2.447], [10, 2.228], [30, 2.042], [120, 1.98]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    // Welch's df is not whole: between its neighbours.
    const between = studentTQuantile(0.975, 7.5);
    expect(between).toBeLessThan(studentTQuantile(0.975, 7));
    expect(between).toBeGreaterThan(studentTQuantile(0.975, 8));
  });

  it('has the CDF the quantile inverts, symmetric about 0', () => {
    expect(studentTCdf(0, 4)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.975, 4);
    expect(studentTCdf(-2.228, 10)).toBeCloseTo(0.025, 4);
    // df = 1 is Cauchy: P(T ≤ 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
  });
});

describe('rounds: mean intervals and Welch differences', () => {
  it('gives the t interval of a mean', () => {
    // 10, 12, 14: mean 12, sd 2, half-width t(0.975, 2) · 2/√3 = 4.3027 · 1.1547 = 4.968.
    const interval = meanInterval([10, 12, 14])!;
    expect(interval.mean).toBe(12);
    expect(interval.sd).toBe(2);
    expect(interval.low!).toBeCloseTo(7.032, 3);
    expect(interval.high!).toBeCloseTo(16.968, 3);
    expect(meanInterval([5])).toEqual({ n: 1, mean: 5, sd: 0, low: null, high: null });
    expect(meanInterval([])).toBeNull();
  });

  it('calls a 10 ms rise over four rounds a regression, with Welch’s interval', () => {
    // Each arm: sd √(8/3); se = √(2·(8/3)/4) = 1.1547; df = 6 exactly; t(0.975, 6) = 2.4469; half = 2.8255.
    const d = welchDifference([100, 102, 98, 100], [110, 112, 108, 110], 'lower')!;
    expect(d.difference).toBe(10);
    expect(d.relative).toBeCloseTo(0.1, 12);
    expect(d.df!).toBeCloseTo(6, 10);
    expect(d.low!).toBeCloseTo(7.1745, 3);
    expect(d.high!).toBeCloseTo(12.8255, 3);
    expect(d.verdict).toBe('worse');
    // The same change in throughput is an improvement.
    expect(welchDifference([100, 102, 98, 100], [110, 112, 108, 110], 'higher')!.verdict).toBe('better');
  });

  it('calls a difference inside the spread between rounds "same", and needs two rounds per arm', () => {
    const d = welchDifference([100, 104, 96], [101, 97, 105], 'lower')!;
    expect(d.low!).toBeLessThan(0);
    expect(d.high!).toBeGreaterThan(0);
    expect(d.verdict).toBe('same');
    expect(welchDifference([100], [110, 111], 'lower')!.verdict).toBe('unknown');
    // Certain but tiny (1%): not called.
    expect(welchDifference([100, 100.1, 99.9], [101, 101.1, 100.9], 'lower')!.verdict).toBe('same');
  });
});

describe('quantile differences with a paired block bootstrap', () => {
  const seconds = (count: number, perSecond: (second: number) => number[]): TimedSample[] =>
    Array.from({ length: count }, (_, second) => perSecond(second).map((ms) => ({ second, ms }))).flat();

  it('uses nearest-rank quantiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 0.5)).toBe(50);
    expect(nearestRank(hundred, 0.95)).toBe(95);
    expect(nearestRank(hundred, 0.99)).toBe(99);
    expect(nearestRank([7], 0.5)).toBe(7);
  });

  it('finds a constant 10 ms added to every request exactly, with an interval of width 0', () => {
    const direct = seconds(20, (s) => [100 + s, 105 + (s % 7), 110 + (s % 3)]);
    const gateway = direct.map((sample) => ({ ...sample, ms: sample.ms + 10 }));
    const result = quantileDifferences(gateway, direct, [0.5, 0.95, 0.99], { replicates: 300 })!;
    expect(result.resampled).toBe('seconds');
    expect(result.samples).toEqual({ gateway: 60, direct: 60, seconds: 20 });
    for (const q of result.quantiles) expect(q).toMatchObject({ difference: 10, low: 10, high: 10 });
    // Point estimates: 60 values, the 30th (p50) and 57th (p95) of the sorted direct arm.
    const sorted = direct.map((d) => d.ms).sort((a, b) => a - b);
    expect(result.quantiles[0].direct).toBe(sorted[29]);
    expect(result.quantiles[1].direct).toBe(sorted[56]);
  });

  it('finds no overhead between two arms drawn from the same distribution: the interval straddles 0', () => {
    const random = seededRandom(42);
    const draw = () => 100 + Math.round(-Math.log(1 - random()) * 20);
    const gateway = seconds(30, () => Array.from({ length: 20 }, draw));
    const direct = seconds(30, () => Array.from({ length: 20 }, draw));
    const result = quantileDifferences(gateway, direct, [0.5, 0.95], { replicates: 500 })!;
    for (const q of result.quantiles) {
      expect(q.low!).toBeLessThanOrEqual(0);
      expect(q.high!).toBeGreaterThanOrEqual(0);
    }
  });

  it('resamples requests when there are too few seconds, and is reproducible for a seed', () => {
    const direct = seconds(3, () => Array.from({ length: 30 }, (_, i) => 50 + i));
    const gateway = direct.map((d) => ({ ...d, ms: d.ms + 5 }));
    const a = quantileDifferences(gateway, direct, [0.9], { replicates: 200, seed: 7 })!;
    expect(a.resampled).toBe('requests');
    expect(a.quantiles[0].difference).toBe(5);
    expect(a).toEqual(quantileDifferences(gateway, direct, [0.9], { replicates: 200, seed: 7 }));
    expect(quantileDifferences([], direct, [0.5])).toBeNull();
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and shuffles every item once', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const order = shuffled(['A', 'B', 'C', 'D'], seededRandom(9));
    expect([...order].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});
