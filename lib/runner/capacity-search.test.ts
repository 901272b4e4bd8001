/** The search, step by step, against a gateway whose limit is known: it holds below 500 req/s and breaks above. */
import { describe, expect, it } from 'vitest';
import { capacitySearchSchema, judgeStep, nextStep, type CapacityStep } from './capacity-search';

const search = capacitySearchSchema.parse({ limitMs: 200 });
const gateway = (rate: number) => judgeStep({ rate, requests: 1000, failures: 0, rps: Math.min(rate, 500), p95Ms: rate <= 500 ? 50 : 900, p99Ms: null, ttftP95Ms: null }, search);

function runSearch(start: number) {
  const steps: CapacityStep[] = [];
  for (;;) {
    const state = nextStep(steps, search, start);
    if (state.done) return { state, steps };
    steps.push(gateway(state.nextRate));
  }
}

describe('capacity search', () => {
  it('ramps ×2 while the objective holds, then bisects to within 3% of the limit', () => {
    const { state, steps } = runSearch(50);
    // 50, 100, 200, 400 hold; 800 breaks; then 600 ✗, 500 ✓, 550 ✗, 525 ✗, 512.5 ✗ (512.5 ≤ 500 × 1.03): limit 500.
    expect(steps.map((s) => s.rate)).toEqual([50, 100, 200, 400, 800, 600, 500, 550, 525, 512.5]);
    expect(state).toMatchObject({ done: true, limitRps: 500, provenBy: 6, reached: true });
    expect(state.done && state.reason).toBe('500 req/s held and 512.5 req/s broke (p95 900 ms over the 200 ms objective)');
  });

  it('searches down when the first step already breaks, and says when nothing holds', () => {
    const { state, steps } = runSearch(2000);
    expect(steps[0]).toMatchObject({ rate: 2000, passed: false });
    expect(steps[1].rate).toBe(1000);
    expect(state).toMatchObject({ done: true, limitRps: 500, reached: true });
    const never = nextStep([judgeStep({ rate: 1, requests: 10, failures: 10, rps: 0, p95Ms: 5, p99Ms: 5, ttftP95Ms: null }, search)], search, 1);
    expect(never).toMatchObject({ done: true, limitRps: null, reason: 'the objective broke even at 1 req/s (100.00% of requests failed (bound 1.00%))' });
  });

  it('stops at the highest rate allowed with "at least", and at the step budget', () => {
    const capped = capacitySearchSchema.parse({ limitMs: 200, maxRate: 300 });
    const steps = [100, 200, 300].map((rate) => judgeStep({ rate, requests: 10, failures: 0, rps: rate, p95Ms: 10, p99Ms: 10, ttftP95Ms: null }, capped));
    expect(nextStep(steps.slice(0, 2), capped, 100)).toEqual({ done: false, nextRate: 300, phase: 'ramp' });
    expect(nextStep(steps, capped, 100)).toMatchObject({ done: true, limitRps: 300, reached: false, reason: 'the objective still held at the highest rate tried (300 req/s): the limit is at least that' });
    const short = capacitySearchSchema.parse({ limitMs: 200, maxSteps: 2 });
    expect(nextStep(steps.slice(0, 2), short, 100)).toMatchObject({ done: true, limitRps: 200, reached: false });
  });

  it('judges a step by its failure rate first, then the objective metric', () => {
    expect(judgeStep({ rate: 10, requests: 100, failures: 2, rps: 9.8, p95Ms: 10, p99Ms: 10, ttftP95Ms: null }, search)).toMatchObject({ passed: false, reason: '2.00% of requests failed (bound 1.00%)' });
    const ttft = capacitySearchSchema.parse({ limitMs: 100, objective: 'ttftP95' });
    expect(judgeStep({ rate: 10, requests: 100, failures: 0, rps: 10, p95Ms: 10, p99Ms: 10, ttftP95Ms: null }, ttft)).toMatchObject({ passed: false, reason: 'no TTFT p95 measured (TTFT needs streamed replies)' });
    expect(judgeStep({ rate: 10, requests: 100, failures: 1, rps: 10, p95Ms: 10, p99Ms: 300, ttftP95Ms: null }, search)).toMatchObject({ passed: true, reason: 'p95 10 ms within 200 ms, 1.00% failed' });
  });
});
