/** Hand-checked: the numbers below are worked out in the comments, not by the code under test. */
import { describe, expect, it } from 'vitest';
import { formatSignedChange } from '../format';
import { analyzeRounds, overheadSummary, throughputLost, type ArmRound } from './analysis';
import { armLetter, planRounds } from './plan';
import { experimentResultSchema } from './stored';

const runs = (arm: number, p99: number[], status = 'completed'): ArmRound[] => p99.map((v, round) => ({ arm, round, status, values: { latencyP99Ms: v, latencyP50Ms: 100, rps: 400 } }));

describe('planRounds', () => {
  it('runs every arm once per round, in a seeded order that differs between rounds', () => {
    const plan = planRounds(2, 8, 42);
    expect(plan).toHaveLength(16);
    for (let round = 0; round < 8; round++) expect(plan.filter((s) => s.round === round).map((s) => s.arm).sort()).toEqual([0, 1]);
    // Not always A first: over 8 rounds of a fair coin both orders appear (this seed: checked).
    const firsts = new Set(plan.filter((_, i) => i % 2 === 0).map((s) => s.arm));
    expect(firsts).toEqual(new Set([0, 1]));
    expect(planRounds(2, 8, 42)).toEqual(plan);
    expect(armLetter(2)).toBe('C');
  });
});

describe('analyzeRounds', () => {
  it('calls a change from the spread between rounds: B is 20 ms slower at p99 in every round', () => {
    // A: 100, 102, 98, 100 → mean 100, sd √(8/3) = 1.633; B: 120, 122, 118, 120 → mean 120, same sd.
    // Welch: se = √(2·(8/3)/4) = 1.155, df = 6, t(0.975, 6) = 2.4469 → 20 ± 2.83 → [17.17, 22.83]: worse.
    const result = analyzeRounds([{ name: '1.9.8' }, { name: '1.15.2' }], [...runs(0, [100, 102, 98, 100]), ...runs(1, [120, 122, 118, 120])], 4);
    const p99 = result.metrics.find((m) => m.key === 'latencyP99Ms')!;
    expect(p99.arms[0].interval!.mean).toBe(100);
    // Mean interval of A: 100 ± 3.1824 · 1.633/2 = 100 ± 2.60.
    expect(p99.arms[0].interval!.low!).toBeCloseTo(97.4, 1);
    const d = p99.differences[0];
    expect(d.difference).toBe(20);
    expect(d.low!).toBeCloseTo(17.17, 1);
    expect(d.high!).toBeCloseTo(22.83, 1);
    expect(d.verdict).toBe('worse');
    expect(result.summary).toContain('1.15.2 vs 1.9.8: p50 ±0 ms (±0.0%), within noise; p99 +20 ms (+20%), worse');
    expect(result.completeRounds).toBe(4);
    // No TTFT without streams: the metric is left out.
    expect(result.metrics.map((m) => m.key)).not.toContain('ttftP50Ms');
  });

  it('calls the same difference noise when rounds spread widely, and shows the A/A noise floor', () => {
    // B − A = +20 ms again, but A: 60, 140, 80, 120 (sd 36.5) and B: 80, 160, 100, 140: interval ≈ ±63 → within noise.
    const result = analyzeRounds(
      [{ name: 'A' }, { name: 'B' }, { name: 'A again', aa: true }],
      [...runs(0, [60, 140, 80, 120]), ...runs(1, [80, 160, 100, 140]), ...runs(2, [70, 130, 90, 110])],
      4,
    );
    const p99 = result.metrics.find((m) => m.key === 'latencyP99Ms')!;
    expect(p99.differences.map((d) => d.arm)).toEqual([1]);
    expect(p99.differences[0].verdict).toBe('same');
    expect(p99.noise!.difference).toBe(0);
    expect(p99.noise!.verdict).toBe('same');
    expect(result.summary).not.toContain('A again vs');
  });

  it('counts only completed rounds, and says when one round per arm cannot be called', () => {
    const result = analyzeRounds([{ name: 'A' }, { name: 'B' }], [...runs(0, [100, 100]), ...runs(1, [130]), { arm: 1, round: 1, status: 'failed', values: { latencyP99Ms: 1 } }], 2);
    const p99 = result.metrics.find((m) => m.key === 'latencyP99Ms')!;
    expect(p99.arms[1].rounds).toEqual([130, null]);
    expect(p99.differences[0].verdict).toBe('unknown');
    expect(result.completeRounds).toBe(1);
    expect(experimentResultSchema.parse(result)).toEqual(result);
  });
});

describe('overhead figures', () => {
  it('throughput lost by Little\'s law: 50 users at 101 ms direct vs 113 ms through the gateway', () => {
    // 50 / 0.101 = 495.05 req/s; 50 / 0.113 = 442.48 req/s; lost 52.57 (10.6%).
    const t = throughputLost({ model: 'closed', users: 50 }, { rps: 220, meanMs: 113 }, { rps: 221, meanMs: 101 })!;
    expect(t.directRps).toBeCloseTo(495.05, 1);
    expect(t.gatewayRps).toBeCloseTo(442.48, 1);
    expect(t.lostShare).toBeCloseTo(0.1062, 3);
    const open = throughputLost({ model: 'open' }, { rps: 95, meanMs: 10 }, { rps: 100, meanMs: 5 })!;
    expect(open).toMatchObject({ method: 'measured', lostRps: 5, lostShare: 0.05 });
  });

  it('writes changes with their sign, unit and share, and the overhead sentence with its intervals', () => {
    expect(formatSignedChange(66, 0.25, 'ms')).toBe('+66 ms (+25%)');
    expect(formatSignedChange(-14.2, -0.031, 'req/s')).toBe('−14.2 req/s (−3.1%)');
    expect(formatSignedChange(1.5, null, 'ms')).toBe('+1.5 ms');
    const sentence = overheadSummary('Portkey 1.15.2', {
      quantiles: [
        { q: 0.5, gateway: 113, direct: 101, difference: 12, low: 11.2, high: 12.9 },
        { q: 0.95, gateway: 190, direct: 108, difference: 82, low: 70.04, high: 95.5 },
        { q: 0.99, gateway: 262, direct: 120, difference: 142, low: 100, high: 180 },
      ],
      resampled: 'seconds',
      replicates: 1000,
      level: 0.95,
      samples: { gateway: 1, direct: 1, seconds: 30 },
    });
    expect(sentence).toBe('Portkey 1.15.2 adds 12 ms at p50 [11.2 to 12.9], 82 ms at p95 [70 to 95.5], 142 ms at p99 [100 to 180] over its upstream (95% intervals)');
  });
});
