/**
 * What an experiment found, from its runs (PRODUCT.md, "Methods"). Pure: the manager reads the
 * runs and stores the result; pages and exports read the stored result.
 *
 * A/B: one value per arm per round is the evidence; per metric, each arm's mean with a 95%
 * interval (Student's t over rounds) and each arm against the baseline (Welch over rounds,
 * and the 2% floor). Seconds within one run never count as samples: they share the moment.
 * Overhead: the paired quantile differences the engine measured, beside what the gateway says
 * of itself, and the throughput its added latency costs.
 */
import { formatSignedChange } from '../format';
import type { QuantileDifferences } from '../stats/bootstrap';
import { meanInterval, welchDifference, type Difference, type Direction, type Interval } from '../stats/rounds';

export const ROUND_METRICS = [
  { key: 'latencyP50Ms', label: 'p50 latency', short: 'p50', unit: 'ms', direction: 'lower' },
  { key: 'latencyP95Ms', label: 'p95 latency', short: 'p95', unit: 'ms', direction: 'lower' },
  { key: 'latencyP99Ms', label: 'p99 latency', short: 'p99', unit: 'ms', direction: 'lower' },
  { key: 'rps', label: 'throughput', short: 'throughput', unit: 'req/s', direction: 'higher' },
  { key: 'ttftP50Ms', label: 'TTFT p50', short: 'TTFT p50', unit: 'ms', direction: 'lower' },
  { key: 'ttftP95Ms', label: 'TTFT p95', short: 'TTFT p95', unit: 'ms', direction: 'lower' },
] as const satisfies readonly { key: string; label: string; short: string; unit: string; direction: Direction }[];

export type RoundMetricKey = (typeof ROUND_METRICS)[number]['key'];

/** One arm's run in one round, as the database holds it. */
export interface ArmRound {
  arm: number;
  round: number;
  /** Only completed runs count as evidence. */
  status: string;
  values: Partial<Record<RoundMetricKey, number | null>>;
}

export interface ArmMetric {
  arm: number;
  /** The value of each round (null: that round's run did not complete or has no value). */
  rounds: (number | null)[];
  interval: Interval | null;
}

export interface MetricResult {
  key: RoundMetricKey;
  label: string;
  short: string;
  unit: string;
  direction: Direction;
  arms: ArmMetric[];
  /** Each other arm against the baseline (arm 0), by arm; the A/A arm's is the noise floor instead. */
  differences: ({ arm: number } & Difference)[];
  /** The A/A arm (the baseline again) against the baseline: the spread this setup shows with no change. */
  noise: Difference | null;
}

export interface AbResult {
  kind: 'ab';
  arms: { arm: number; name: string; aa: boolean }[];
  rounds: number;
  /** Rounds in which every arm completed. */
  completeRounds: number;
  metrics: MetricResult[];
  summary: string;
}

/** Per metric: each arm's rounds, mean and interval, and each against the baseline. */
export function analyzeRounds(arms: { name: string; aa?: boolean }[], runs: ArmRound[], rounds: number): AbResult {
  const value = (arm: number, round: number, key: RoundMetricKey) => {
    const run = runs.find((r) => r.arm === arm && r.round === round);
    const v = run?.status === 'completed' ? run.values[key] : null;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const aaArm = arms.findIndex((a) => a.aa);
  const metrics: MetricResult[] = [];
  for (const metric of ROUND_METRICS) {
    const perArm: ArmMetric[] = arms.map((_, arm) => {
      const byRound = Array.from({ length: rounds }, (_, round) => value(arm, round, metric.key));
      return { arm, rounds: byRound, interval: meanInterval(byRound.filter((v): v is number => v !== null)) };
    });
    // A metric no arm measured (TTFT without streaming) is left out.
    if (perArm.every((a) => a.interval === null)) continue;
    const present = (arm: number) => perArm[arm].rounds.filter((v): v is number => v !== null);
    const differences: MetricResult['differences'] = [];
    for (let arm = 1; arm < arms.length; arm++) {
      if (arm === aaArm) continue;
      const d = welchDifference(present(0), present(arm), metric.direction);
      if (d) differences.push({ arm, ...d });
    }
    const noise = aaArm > 0 ? welchDifference(present(0), present(aaArm), metric.direction) : null;
    metrics.push({ ...metric, arms: perArm, differences, noise });
  }
  const completeRounds = Array.from({ length: rounds }, (_, round) => round).filter((round) => arms.every((_, arm) => runs.find((r) => r.arm === arm && r.round === round)?.status === 'completed')).length;
  const named = arms.map((a, arm) => ({ arm, name: a.name, aa: !!a.aa }));
  return { kind: 'ab', arms: named, rounds, completeRounds, metrics, summary: abSummary(named, metrics) };
}

export const VERDICT_WORDS = { better: 'better', worse: 'worse', same: 'within noise', unknown: 'needs 2+ rounds to call' } as const;

/** "Portkey 1.15.2 vs 1.9.8: p99 +66 ms (+25%), within noise; …", one line per compared arm. */
function abSummary(arms: AbResult['arms'], metrics: MetricResult[]): string {
  const headline = metrics.filter((m) => m.key === 'latencyP50Ms' || m.key === 'latencyP99Ms' || m.key === 'rps');
  const others = arms.filter((a) => a.arm > 0 && !a.aa);
  const lines = others.map((other) => {
    const parts = headline.flatMap((m) => {
      const d = m.differences.find((x) => x.arm === other.arm);
      return d ? [`${m.short} ${formatSignedChange(d.difference, d.relative, m.unit)}, ${VERDICT_WORDS[d.verdict]}`] : [];
    });
    return `${other.name} vs ${arms[0].name}: ${parts.join('; ') || 'no completed rounds to compare'}`;
  });
  return lines.join(' · ') || `${arms[0]?.name ?? 'A'} against itself`;
}

export interface OverheadResult {
  kind: 'overhead';
  gateway: string;
  upstream: string;
  /** q(gateway) − q(direct) with bootstrap intervals, end-to-end latency. */
  latency: QuantileDifferences | null;
  /** The same for the time to first token (streams). */
  ttft: QuantileDifferences | null;
  /** What the gateway reported of itself in its overhead header, if it did. */
  selfReported: { header: string; p50: number; p95: number; p99: number } | null;
  throughput: ThroughputLost | null;
  summary: string;
}

/** What the gateway reported of itself at quantile q (its header gives p50, p95 and p99 only). */
export function selfReportedAt(self: OverheadResult['selfReported'], q: number): number | null {
  if (!self) return null;
  return q === 0.5 ? self.p50 : q === 0.95 ? self.p95 : q === 0.99 ? self.p99 : null;
}

export interface ThroughputLost {
  /** How it was worked out: closed model, users ÷ mean latency (Little's law); open model, measured. */
  method: 'littles-law' | 'measured';
  users?: number;
  gatewayRps: number;
  directRps: number;
  /** directRps − gatewayRps, and as a share of directRps. */
  lostRps: number;
  lostShare: number;
}

/**
 * Throughput lost to the gateway. Closed model: each user alternates between the arms, so each
 * arm's own rate is half the user's; alone, U users would reach U ÷ mean latency on each
 * (Little's law), and the gap is what the gateway's added latency costs at this concurrency.
 * Open model: both arms were offered the same rate, so the gap is what was measured.
 */
export function throughputLost(load: { model: 'closed'; users: number } | { model: 'open' }, gateway: { rps: number; meanMs: number | null }, direct: { rps: number; meanMs: number | null }): ThroughputLost | null {
  if (load.model === 'closed') {
    if (!gateway.meanMs || !direct.meanMs) return null;
    const gatewayRps = (load.users * 1000) / gateway.meanMs;
    const directRps = (load.users * 1000) / direct.meanMs;
    return { method: 'littles-law', users: load.users, gatewayRps, directRps, lostRps: directRps - gatewayRps, lostShare: (directRps - gatewayRps) / directRps };
  }
  if (direct.rps <= 0) return null;
  return { method: 'measured', gatewayRps: gateway.rps, directRps: direct.rps, lostRps: direct.rps - gateway.rps, lostShare: (direct.rps - gateway.rps) / direct.rps };
}

/** "Portkey adds 12 ms at p50 [11–13], 80 ms at p95 [70–90] over its upstream". */
export function overheadSummary(gateway: string, latency: QuantileDifferences | null): string {
  if (!latency) return `${gateway}: no requests completed on both sides, so no overhead could be measured`;
  const at = (q: number) => latency.quantiles.find((x) => x.q === q);
  const part = (q: number, name: string) => {
    const d = at(q);
    if (!d) return null;
    const interval = d.low !== null && d.high !== null ? ` [${round1(d.low)} to ${round1(d.high)}]` : '';
    return `${round1(d.difference)} ms at ${name}${interval}`;
  };
  return `${gateway} adds ${[part(0.5, 'p50'), part(0.95, 'p95'), part(0.99, 'p99')].filter(Boolean).join(', ')} over its upstream (95% intervals)`;
}

const round1 = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10);
