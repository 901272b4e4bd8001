/**
 * Is a difference between two runs real, or noise? Each run's per-second values are taken
 * as samples of the metric: the difference of the means counts when it is more than twice
 * its standard error (Welch, ≈95%) and at least 2% of the baseline. Failure rates use a
 * two-proportion z-test. Fewer than 3 seconds in either run: no verdict.
 */
export type Verdict = 'better' | 'worse' | 'same' | 'unknown';
export type Direction = 'lower' | 'higher';

export const MIN_RELATIVE_CHANGE = 0.02;

function stats(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

export function compareSeries(baseline: number[], other: number[], direction: Direction): Verdict {
  if (baseline.length < 3 || other.length < 3) return 'unknown';
  const a = stats(baseline);
  const b = stats(other);
  const diff = b.mean - a.mean;
  const standardError = Math.sqrt(a.variance / a.n + b.variance / b.n);
  if (Math.abs(diff) <= 2 * standardError || Math.abs(diff) < MIN_RELATIVE_CHANGE * Math.abs(a.mean)) return 'same';
  return (diff < 0) === (direction === 'lower') ? 'better' : 'worse';
}

export function compareRates(baseline: { failures: number; requests: number }, other: { failures: number; requests: number }): Verdict {
  if (baseline.requests === 0 || other.requests === 0) return 'unknown';
  const p1 = baseline.failures / baseline.requests;
  const p2 = other.failures / other.requests;
  const pooled = (baseline.failures + other.failures) / (baseline.requests + other.requests);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.requests + 1 / other.requests));
  if (standardError === 0 || Math.abs(p2 - p1) <= 2 * standardError) return 'same';
  return p2 < p1 ? 'better' : 'worse';
}
