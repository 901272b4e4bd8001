/**
 * Gateway overhead as a difference of quantiles (PRODUCT.md, "Methods"): the same load sent
 * to the gateway and to its direct upstream, interleaved, so both arms see the same moments of
 * the upstream. Overhead at q = q(gateway) − q(direct), with a percentile-bootstrap interval.
 *
 * Requests in the same second are correlated (they share the upstream's moment), so the
 * bootstrap resamples whole seconds, both arms' requests of a second together (a paired block
 * bootstrap). With fewer than MIN_BLOCKS seconds it resamples requests instead, and says so.
 */
import { seededRandom } from './random';

export interface TimedSample {
  /** The measured second the request completed in (0, 1, …). */
  second: number;
  ms: number;
}

export interface QuantileDifference {
  /** 0–1, e.g. 0.95. */
  q: number;
  gateway: number;
  direct: number;
  /** gateway − direct. */
  difference: number;
  /** The interval of the difference at `level`; null without enough data. */
  low: number | null;
  high: number | null;
}

export interface QuantileDifferences {
  quantiles: QuantileDifference[];
  /** What was resampled. */
  resampled: 'seconds' | 'requests';
  replicates: number;
  level: number;
  samples: { gateway: number; direct: number; seconds: number };
}

export const MIN_BLOCKS = 10;

/** Values rounded to 3 significant digits (an HDR histogram's precision): few distinct values, fast resampling. */
function discretize(ms: number): number {
  if (ms <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(ms)) - 2);
  return Math.round(ms / magnitude) * magnitude;
}

/** The smallest value whose cumulative count reaches q·n (nearest rank), over counts by value index. */
function quantileOfCounts(counts: Int32Array, values: Float64Array, total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= rank) return values[i];
  }
  return values[values.length - 1];
}

/** Nearest-rank quantile of plain values (used for the point estimates). */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

export function quantileDifferences(
  gateway: readonly TimedSample[],
  direct: readonly TimedSample[],
  quantiles: readonly number[],
  options: { replicates?: number; seed?: number; level?: number } = {},
): QuantileDifferences | null {
  if (gateway.length === 0 || direct.length === 0) return null;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);

  // One index per distinct (discretized) value, shared by both arms.
  const distinct = [...new Set([...gateway, ...direct].map((s) => discretize(s.ms)))].sort((a, b) => a - b);
  const values = Float64Array.from(distinct);
  const indexOf = new Map(distinct.map((v, i) => [v, i]));

  // Per second and arm, the value indices of its requests.
  const blocks = new Map<number, [number[], number[]]>();
  for (const [arm, samples] of [[0, gateway], [1, direct]] as const) {
    for (const sample of samples) {
      const block = blocks.get(sample.second) ?? [[], []];
      blocks.set(sample.second, block);
      block[arm].push(indexOf.get(discretize(sample.ms))!);
    }
  }
  const paired = [...blocks.values()].filter(([g, d]) => g.length > 0 && d.length > 0);
  const bySeconds = paired.length >= MIN_BLOCKS;
  const all: [number[], number[]] = [gateway.map((s) => indexOf.get(discretize(s.ms))!), direct.map((s) => indexOf.get(discretize(s.ms))!)];

  const point = (arm: readonly TimedSample[]) => {
    const sorted = arm.map((s) => discretize(s.ms)).sort((a, b) => a - b);
    return quantiles.map((q) => nearestRank(sorted, q));
  };
  const gatewayPoint = point(gateway);
  const directPoint = point(direct);

  // Fewer replicates for very large runs keeps the work bounded (about 2·10⁸ additions at most).
  const n = gateway.length + direct.length;
  const replicates = options.replicates ?? Math.max(200, Math.min(2000, Math.floor(2e8 / n)));
  const differences = quantiles.map(() => new Float64Array(replicates));
  const counts: [Int32Array, Int32Array] = [new Int32Array(values.length), new Int32Array(values.length)];
  for (let r = 0; r < replicates; r++) {
    counts[0].fill(0);
    counts[1].fill(0);
    const totals = [0, 0];
    if (bySeconds) {
      for (let i = 0; i < paired.length; i++) {
        const block = paired[Math.floor(random() * paired.length)];
        for (const arm of [0, 1] as const) {
          for (const index of block[arm]) counts[arm][index]++;
          totals[arm] += block[arm].length;
        }
      }
    } else {
      for (const arm of [0, 1] as const) {
        const source = all[arm];
        for (let i = 0; i < source.length; i++) counts[arm][source[Math.floor(random() * source.length)]]++;
        totals[arm] = source.length;
      }
    }
    quantiles.forEach((q, k) => {
      differences[k][r] = quantileOfCounts(counts[0], values, totals[0], q) - quantileOfCounts(counts[1], values, totals[1], q);
    });
  }

  const tail = (1 - level) / 2;
  return {
    quantiles: quantiles.map((q, k) => {
      const sorted = Array.from(differences[k]).sort((a, b) => a - b);
      const enough = bySeconds || Math.min(gateway.length, direct.length) >= 20;
      return {
        q,
        gateway: gatewayPoint[k],
        direct: directPoint[k],
        difference: gatewayPoint[k] - directPoint[k],
        low: enough ? sorted[Math.floor(tail * (replicates - 1))] : null,
        high: enough ? sorted[Math.ceil((1 - tail) * (replicates - 1))] : null,
      };
    }),
    resampled: bySeconds ? 'seconds' : 'requests',
    replicates,
    level,
    samples: { gateway: gateway.length, direct: direct.length, seconds: paired.length },
  };
}
