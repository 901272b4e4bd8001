/** Hand-checked numbers, including the reference LiteLLM runs (2 → 4 instances: 1,035.7 → 1,170 RPS). */
import { describe, expect, it } from 'vitest';
import { requiredConcurrency } from './littles-law';
import { fitScaling, instancesFor, throughputAt } from './scaling';
import { sizeFor } from './sizing';
import { buildPlan, capacityInputSchema, type MeasuredRun } from './plan';

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

describe('a plan from measured saturation', () => {
  const input = (extra: Record<string, string> = {}) => capacityInputSchema.parse({ targetRps: '1000', latencyMs: '200', headroom: '0.3', ...extra });
  const run = (id: string, instanceCount: number, rps: number, evidence: MeasuredRun['evidence']): MeasuredRun => ({ id, instanceCount, rps, latencyP95Ms: 120, machineCpus: null, gatewayName: 'LiteLLM', evidence });

  it('takes a capacity run’s limit, a sweep knee, and leaves closed-model runs out as lower bounds, saying why', () => {
    const plan = buildPlan(input(), [
      run('cap', 1, 310, { kind: 'capacity', limitRps: 500, objectiveMs: 200, reached: true }),
      run('knee', 2, 900, { kind: 'knee' }),
      // 50 users ÷ 102 ms = 490.2 RPS: the 488 measured is what the users could generate.
      run('closed', 4, 488, { kind: 'closed', users: 50, meanMs: 102 }),
      run('loose', 3, 1, { kind: 'capacity', limitRps: 1400, objectiveMs: 500, reached: true }),
    ]);
    expect(plan.measured.map((m) => [m.instances, m.rps, m.source])).toEqual([
      [1, 500, 'capacity run'],
      [2, 900, 'sweep knee'],
    ]);
    expect(plan.excluded[0].reason).toBe(
      "a closed-model run: its 488 RPS is what its 50 users could generate (50 users ÷ 102 ms ≈ 490.2 RPS), a lower bound, not the gateway's limit. Find the limit with a capacity run or a sweep, or add &lowerBounds=1 to use it anyway",
    );
    expect(plan.excluded[1].reason).toMatch(/^its limit was found for 500 ms, looser than this plan's 200 ms objective/);
    // Asked for: the lower bound is used, and says so.
    const asked = buildPlan(input({ lowerBounds: '1' }), [run('closed', 4, 488, { kind: 'closed', users: 50, meanMs: 102 })]);
    expect(asked.measured[0]).toMatchObject({ rps: 488, source: 'closed-model run (lower bound, used as asked)' });
  });

  it('treats every empty optional field as its default (the form sends them all)', () => {
    const parsed = capacityInputSchema.parse({ targetRps: '', latencyMs: ' ', headroom: '', cpus: '', poolLimit: '', costPerHour: '', gateway: '', runs: '', points: '' });
    expect(parsed).toMatchObject({ targetRps: 1000, latencyMs: 200, headroom: 0.3, cpus: undefined, poolLimit: 10, costPerHour: undefined, gateway: undefined, lowerBounds: false });
  });

  it('says an exact fit proves nothing, sizes for target × (1 + headroom), costs the plan and counts load-generator cores', () => {
    // Two points, two parameters (λ, σ): exact. 1000 × 1.3 = 1300 RPS → 18 instances (hand-checked above) × 0.5 × 730 = 6,570.
    const plan = buildPlan(input({ points: '2:1035.7, 4:1170', costPerHour: '0.5' }), []);
    expect(plan.exactFit).toBe(true);
    expect(plan.needed).toBe(1300);
    expect(plan.monthlyCost).toEqual({ total: 6570, formula: 'cost per instance-hour × instances × 730 h = 0.5 × 18 × 730 = 6570' });
    expect(plan.loadGenerators.cores).toBe(1);
    // 100,000 × 1.3 = 130,000 ÷ 25,000 = 5.2 → 6 cores.
    expect(buildPlan(input({ targetRps: '100000' }), []).loadGenerators).toEqual({ cores: 6, formula: 'target × (1 + headroom) ÷ engine RPS per core = 130000 ÷ 25,000 → 6 cores' });
    // Four points, three parameters: not exact, and a range from the residuals.
    const four = buildPlan(input({ points: '1:500, 2:950, 4:1700, 8:2600' }), []);
    expect(four.exactFit).toBe(false);
    expect(four.instanceRange!.low).toBeLessThanOrEqual(four.instances!.instances!);
    expect(four.instanceRange!.high ?? Infinity).toBeGreaterThanOrEqual(four.instances!.instances!);
  });

  it('advises by gateway: LiteLLM batches writes and shares state in Redis; Portkey is stateless; others get the generic advice', () => {
    expect(sizeFor(1000, 'LiteLLM').advice[0]).toMatch(/proxy_batch_write_at/);
    expect(sizeFor(1000, 'litellm-proxy').gateway).toBe('litellm');
    const portkey = sizeFor(1000, 'Portkey');
    expect(portkey.needs.postgres).toMatch(/^no:/);
    expect(portkey.advice.join(' ')).not.toMatch(/proxy_batch_write_at/);
    expect(sizeFor(1000, 'Kong').gateway).toBe('generic');
    expect(sizeFor(1000).advice[0]).toMatch(/Label runs with the gateway/);
  });
});
