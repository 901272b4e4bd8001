/**
 * Statistics over rounds, the unit of evidence of an A/B experiment (PRODUCT.md, "Methods"):
 * one value per arm per round. Seconds inside one run are correlated (the same moment of the
 * upstream), so they are never the samples here.
 */
import { studentTQuantile } from './student-t';

export interface Interval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 with one value. */
  sd: number;
  /** The confidence interval of the mean (Student's t); null with fewer than 2 values. */
  low: number | null;
  high: number | null;
}

export function meanInterval(values: number[], level = 0.95): Interval | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  if (n < 2) return { n, mean, sd, low: null, high: null };
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - half, high: mean + half };
}

export type Direction = 'lower' | 'higher';
export type RoundVerdict = 'better' | 'worse' | 'same' | 'unknown';

export interface Difference {
  /** other − baseline, in the metric's unit. */
  difference: number;
  /** difference / |baseline mean| (null when the baseline mean is 0). */
  relative: number | null;
  /** Welch's confidence interval of the difference; null with fewer than 2 rounds in an arm. */
  low: number | null;
  high: number | null;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number | null;
  verdict: RoundVerdict;
}

/** Changes smaller than this share of the baseline are not called, however certain (as in comparisons). */
export const MIN_RELATIVE_CHANGE = 0.02;

/**
 * Welch's two-sample interval for the difference of the arms' round means. A change counts
 * when the interval excludes 0 and it is at least MIN_RELATIVE_CHANGE of the baseline; an
 * interval that straddles 0 is "same" (within the noise between rounds).
 */
export function welchDifference(baseline: number[], other: number[], direction: Direction, level = 0.95): Difference | null {
  const a = meanInterval(baseline, level);
  const b = meanInterval(other, level);
  if (!a || !b) return null;
  const difference = b.mean - a.mean;
  const relative = a.mean === 0 ? null : difference / Math.abs(a.mean);
  if (a.n < 2 || b.n < 2) return { difference, relative, low: null, high: null, df: null, verdict: 'unknown' };
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    const verdict = difference === 0 || (relative !== null && Math.abs(relative) < MIN_RELATIVE_CHANGE) ? 'same' : (difference < 0) === (direction === 'lower') ? 'better' : 'worse';
    return { difference, relative, low: difference, high: difference, df: null, verdict };
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  const low = difference - half;
  const high = difference + half;
  const excludesZero = low > 0 || high < 0;
  const large = relative === null || Math.abs(relative) >= MIN_RELATIVE_CHANGE;
  const verdict: RoundVerdict = excludesZero && large ? ((difference < 0) === (direction === 'lower') ? 'better' : 'worse') : 'same';
  return { difference, relative, low, high, df, verdict };
}
