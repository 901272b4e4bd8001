/**
 * Is one new value unusual for a sample it should belong to? The two-sample t-test with one
 * observation on one side (the Student's t prediction interval): t = (x − mean) / (s·√(1 + 1/n)),
 * n − 1 degrees of freedom. Continuous-benchmarking tools (e.g. Bencher's t-test threshold) test a
 * new run against the runs before it this way: the runs are the samples, so the noise between
 * runs, not the seconds inside one, is what a change must stand out of.
 */
import { incompleteBeta } from './student-t';

export interface NewObservationTest {
  n: number;
  mean: number;
  /** Sample standard deviation of the history (n − 1). */
  sd: number;
  t: number;
  df: number;
  /** Two-sided p-value: the chance of a value this far out if it came from the same distribution. */
  p: number;
}

/** Null with fewer than 2 history values (no spread to test against). */
export function newObservationTest(history: readonly number[], value: number): NewObservationTest | null {
  const n = history.length;
  if (n < 2) return null;
  const mean = history.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const scale = sd * Math.sqrt(1 + 1 / n);
  const difference = value - mean;
  // A history without spread (identical values): any difference is certain, none is nothing.
  const t = scale > 0 ? difference / scale : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const df = n - 1;
  // Both tails at once, I_{df/(df+t²)}(df/2, 1/2), which keeps small p-values exact.
  const p = Number.isFinite(t) ? incompleteBeta(df / (df + t * t), df / 2, 0.5) : 0;
  return { n, mean, sd, t, df, p: Math.min(1, Math.max(0, p)) };
}
