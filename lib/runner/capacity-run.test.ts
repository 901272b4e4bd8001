/**
 * A capacity run against a gateway with a known limit: a mock with 10 workers and 20 ms per
 * request serves at most 10 ÷ 0.020 s = 500 req/s; past that its queue grows and p95 with it.
 * The search must find 500 within 5%.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { runToEnd } from '../../test/run-to-end';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('capacity run', () => {
  it('finds the limit of a gateway with 10 workers × 20 ms (500 req/s) within 5%', async () => {
    const server = await startMockServer({ port: 0, latencyMs: 20, maxConcurrent: 10 });
    servers.push(server);
    const { stage, series } = await runToEnd({
      target: { url: `${server.url}/v1/chat/completions` },
      load: { model: 'open', rate: 100 },
      findCapacity: { limitMs: 60, stepMs: 2000 },
    });
    const capacity = stage.capacity!;
    console.log(`capacity steps: ${capacity.steps.map((s) => `${s.rate}${s.passed ? '✓' : '✗'} (p95 ${s.p95Ms?.toFixed(1)})`).join(', ')} → ${capacity.limitRps} req/s: ${capacity.reason}`);
    expect(capacity.reached).toBe(true);
    expect(capacity.limitRps!).toBeGreaterThanOrEqual(475);
    expect(capacity.limitRps!).toBeLessThanOrEqual(525);
    // The ramp doubled from the first rate until the objective broke.
    expect(capacity.steps.slice(0, 3).map((s) => s.rate)).toEqual([100, 200, 400]);
    // The summary is the step that proved it, and its rate held.
    const proof = capacity.steps[capacity.provenBy!];
    expect(proof.passed).toBe(true);
    expect(stage.rps).toBeCloseTo(proof.rps, 6);
    // One continuous series across the steps: seconds 0, 1, 2, … without gaps or repeats.
    const seconds = series[0].filter((p) => p.second >= 0).map((p) => p.second);
    expect(seconds).toEqual(seconds.map((_, i) => i));
    expect(seconds.length).toBeGreaterThanOrEqual(capacity.steps.length * 2);
  }, 120_000);

  it('is refused with the closed model, saying what to choose', async () => {
    await expect(runToEnd({ target: { url: 'http://127.0.0.1:1/v1/chat/completions' }, load: { model: 'closed' }, findCapacity: { limitMs: 60 } })).rejects.toThrow(/choose the open model/);
  });
});
