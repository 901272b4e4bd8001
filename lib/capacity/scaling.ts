/**
 * How throughput scales with instances, fitted with the Universal Scalability Law:
 *   X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 * λ: one instance's throughput; σ: contention (serial share); κ: coherency (crosstalk).
 * N / X(N) is linear in (1, N − 1, N(N − 1)), so the fit is an ordinary least-squares
 * solve; σ and κ are kept ≥ 0. Fewer distinct instance counts fit fewer terms: one point
 * assumes linear scaling, two fit λ and σ (Amdahl), three or more fit all three.
 */
export interface ScalingPoint {
  instances: number;
  rps: number;
}

export interface ScalingFit {
  lambda: number;
  sigma: number;
  kappa: number;
  /** Parameters actually fitted (1, 2 or 3), by how many distinct instance counts there were. */
  terms: 1 | 2 | 3;
  /** Coefficient of determination of X(N) against the points (1 when the fit is exact). */
  r2: number;
  warning?: string;
}

export const throughputAt = (fit: Pick<ScalingFit, 'lambda' | 'sigma' | 'kappa'>, n: number) =>
  (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));

export function fitScaling(points: ScalingPoint[]): ScalingFit | undefined {
  const usable = points.filter((p) => p.instances >= 1 && p.rps > 0);
  if (usable.length === 0) return undefined;
  const distinct = new Set(usable.map((p) => p.instances)).size;
  const terms = (Math.min(distinct, 3) as 1 | 2 | 3);
  let coefficients = solve(usable, terms);
  // Negative contention or coherency has no physical meaning: drop that term and refit.
  if (terms === 3 && coefficients[2] < 0) coefficients = [...solve(usable, 2), 0];
  if (terms >= 2 && coefficients[1] < 0) coefficients = [solve(usable, 1)[0], 0, 0];
  const [a, b = 0, c = 0] = coefficients;
  const fit = { lambda: 1 / a, sigma: b / a, kappa: c / a };
  const mean = usable.reduce((n, p) => n + p.rps, 0) / usable.length;
  const residual = usable.reduce((n, p) => n + (p.rps - throughputAt(fit, p.instances)) ** 2, 0);
  const total = usable.reduce((n, p) => n + (p.rps - mean) ** 2, 0);
  const r2 = total === 0 ? (residual < 1e-9 ? 1 : 0) : 1 - residual / total;
  return {
    ...fit,
    terms,
    r2,
    warning:
      distinct < 3
        ? `Only ${distinct} instance count${distinct === 1 ? '' : 's'} measured: ${distinct === 1 ? 'linear scaling is assumed' : 'contention is fitted but coherency cannot be'}. Measure at 3 or more instance counts (e.g. 1, 2, 4, 8) for a trustworthy fit.`
        : undefined,
  };
}

/** Least squares for y = N/X on the first `terms` features of (1, N − 1, N(N − 1)). */
function solve(points: ScalingPoint[], terms: number): number[] {
  const features = (n: number) => [1, n - 1, n * (n - 1)].slice(0, terms);
  const ata = Array.from({ length: terms }, () => new Array<number>(terms).fill(0));
  const aty = new Array<number>(terms).fill(0);
  for (const { instances: n, rps } of points) {
    const f = features(n);
    const y = n / rps;
    for (let i = 0; i < terms; i++) {
      aty[i] += f[i] * y;
      for (let j = 0; j < terms; j++) ata[i][j] += f[i] * f[j];
    }
  }
  return gauss(ata, aty);
}

function gauss(m: number[][], v: number[]): number[] {
  const n = v.length;
  const a = m.map((row, i) => [...row, v[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col || a[col][col] === 0) continue;
      const factor = a[r][col] / a[col][col];
      for (let k = col; k <= n; k++) a[r][k] -= factor * a[col][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

export interface InstancePlan {
  instances?: number;
  /** The most the fitted curve ever reaches, and where. */
  peak: { instances: number; rps: number };
  needed: number;
  reachable: boolean;
}

/** The fewest instances whose fitted throughput covers targetRps × (1 + headroom). */
export function instancesFor(fit: ScalingFit, targetRps: number, headroom: number, limit = 1000): InstancePlan {
  const needed = targetRps * (1 + headroom);
  let peak = { instances: 1, rps: throughputAt(fit, 1) };
  for (let n = 1; n <= limit; n++) {
    const rps = throughputAt(fit, n);
    if (rps > peak.rps) peak = { instances: n, rps };
    if (rps >= needed) return { instances: n, peak, needed, reachable: true };
  }
  return { peak, needed, reachable: false };
}
