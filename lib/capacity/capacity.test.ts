/** Hand-checked numbers, including the reference LiteLLM runs (2 → 4 instances: 1,035.7 → 1,170 RPS). */
import { describe, expect, it } from 'vitest';
import { requiredConcurrency } from './littles-law';
import { fitScaling, instancesFor, throughputAt } from './scaling';
import { sizeFor } from './sizing';
import { buildPlan, capacityInputSchema } from './plan';

describe("Little's law", () => {
  it('0.2 s × 1000 RPS × 1.3 = 260 concurrent requests', () => {
    const plan = requiredConcurrency(1000, 200, 0.3);
    expect(plan.concurrency).toBe(260);
    expect(plan.formula).toBe('concurrency = latency × QPS × (1 + headroom) = 0.2 s × 1000 × 1.3 = 260 → 260');
  });

  it('rounds up: 0.15 s × 333 × 1.0 = 49.95 → 50', () => {
    expect(requiredConcurrency(333, 150, 0).concurrency).toBe(50);
  });
});

describe('scaling fit (Universal Scalability Law)', () => {
  it('fits the reference LiteLLM pair exactly with contention only, and warns it is two points', () => {
    const fit = fitScaling([
      { instances: 2, rps: 1035.7 },
      { instances: 4, rps: 1170 },
    ])!;
    // By hand: N/X = a + b(N−1): 2/1035.7 = a + b, 4/1170 = a + 3b → b = 7.4385e-4, a = 1.18725e-3.
    expect(fit.terms).toBe(2);
    expect(fit.lambda).toBeCloseTo(842.3, 0);
    expect(fit.sigma).toBeCloseTo(0.6265, 3);
    expect(fit.kappa).toBe(0);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(throughputAt(fit, 2)).toBeCloseTo(1035.7, 6);
    expect(throughputAt(fit, 4)).toBeCloseTo(1170, 6);
    expect(fit.warning).toMatch(/Only 2 instance counts measured/);
  });

  it('needs far more instances than linear scaling for 1000 RPS with 30% headroom', () => {
    const fit = fitScaling([
      { instances: 2, rps: 1035.7 },
      { instances: 4, rps: 1170 },
    ])!;
    // 842.3N / (1 + 0.6265(N−1)) ≥ 1300 ⇔ N ≥ 17.4 → 18; linear from 4 → 1170 would say 5.
    const plan = instancesFor(fit, 1000, 0.3);
    expect(plan).toMatchObject({ instances: 18, needed: 1300, reachable: true });
    expect(instancesFor(fit, 2000, 0)).toMatchObject({ reachable: false });
    expect(instancesFor(fit, 2000, 0).peak.rps).toBeLessThan(fit.lambda / fit.sigma);
  });

  it('recovers all three parameters from exact USL data, and the peak', () => {
    const truth = { lambda: 500, sigma: 0.05, kappa: 0.002 };
    const points = [1, 2, 4, 8, 16].map((n) => ({ instances: n, rps: throughputAt(truth, n) }));
    const fit = fitScaling(points)!;
    expect(fit.terms).toBe(3);
    expect(fit.lambda).toBeCloseTo(500, 6);
    expect(fit.sigma).toBeCloseTo(0.05, 6);
    expect(fit.kappa).toBeCloseTo(0.002, 6);
    expect(fit.warning).toBeUndefined();
    // Peak at N* = sqrt((1 − σ)/κ) = sqrt(475) ≈ 21.8.
    expect(instancesFor(fit, 1e9, 0, 100).peak.instances).toBe(22);
  });

  it('assumes linear scaling from one instance count', () => {
    const fit = fitScaling([{ instances: 2, rps: 800 }, { instances: 2, rps: 1000 }])!;
    expect(fit).toMatchObject({ terms: 1, sigma: 0, kappa: 0 });
    // The fit is in N/X, so λ is the harmonic mean of per-instance throughput: 2 / (1/400 + 1/500).
    expect(fit.lambda).toBeCloseTo(444.444, 3);
    expect(instancesFor(fit, 1000, 0.3).instances).toBe(3);
  });
});

describe('PostgreSQL and Redis sizing', () => {
  it.each([
    [800, '1–2K RPS', '4–8 cores', '2–4 cores'],
    [1500, '1–2K RPS', '4–8 cores', '2–4 cores'],
    [3000, '2–5K RPS', '8 cores', '4 cores'],
    [8000, '5K+ RPS', '16+ cores', '8+ cores'],
  ])('%d RPS → the %s band', (rps, band, pgCpu, redisCpu) => {
    const sizing = sizeFor(rps);
    expect(sizing.postgres.band).toBe(band);
    expect(sizing.postgres.cpu).toBe(pgCpu);
    expect(sizing.redis.cpu).toBe(redisCpu);
  });

  it('advises read replicas only above 5K RPS', () => {
    expect(sizeFor(4000).advice.join(' ')).not.toMatch(/read replicas/);
    expect(sizeFor(6000).advice.join(' ')).toMatch(/read replicas/);
  });
});

describe('a capacity plan', () => {
  const input = (extra: Record<string, string> = {}) => capacityInputSchema.parse({ targetRps: '1000', latencyMs: '200', headroom: '0.3', ...extra });

  it('reads the three URL inputs and shows the working', () => {
    const plan = buildPlan(input(), []);
    expect(plan.concurrency.concurrency).toBe(260);
    expect(plan.measured).toEqual([]);
    expect(plan.fit).toBeUndefined();
    expect(plan.sizing.postgres.band).toBe('1–2K RPS');
  });

  it('uses runs within the latency objective, the best per instance count, and says why others are left out', () => {
    const plan = buildPlan(input({ cpus: '4', poolLimit: '20' }), [
      { id: 'a', instanceCount: 2, rps: 1035.7, latencyP95Ms: 630, machineCpus: 4 },
      { id: 'b', instanceCount: 2, rps: 900, latencyP95Ms: 180, machineCpus: 4 },
      { id: 'c', instanceCount: 4, rps: 1170, latencyP95Ms: 150, machineCpus: 4 },
      { id: 'd', instanceCount: null, rps: 1000, latencyP95Ms: 100, machineCpus: 4 },
    ]);
    expect(plan.measured.map((m) => [m.instances, m.rps, m.runId])).toEqual([
      [2, 900, 'b'],
      [4, 1170, 'c'],
    ]);
    expect(plan.excluded).toEqual([
      { id: 'a', reason: 'p95 630 ms is over the 200 ms objective' },
      { id: 'd', reason: 'no instance count label' },
    ]);
    expect(plan.workers).toEqual({ perInstance: 4, source: 'the CPUs you gave' });
    expect(plan.connections?.total).toBe(20 * plan.instances!.instances!);
    // Linear scaling from the best per-instance figure (900 / 2 = 450): 1300 / 450 = 2.9 → 3.
    expect(plan.linearInstances).toBe(3);
  });

  it('reads typed measurements', () => {
    const plan = buildPlan(input({ points: '2:1035.7, 4:1170' }), []);
    expect(plan.instances).toMatchObject({ instances: 18, reachable: true });
    expect(plan.linearInstances).toBe(3); // 1300 / 517.85 per instance = 2.51 → 3
    expect(() => capacityInputSchema.parse({ points: '2=1000' })).toThrow(/instances:RPS pairs/);
  });
});
