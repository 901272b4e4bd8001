/**
 * An overhead stage (PRODUCT.md, "Methods"): the same load to a gateway and its direct upstream,
 * interleaved request by request, reported as q(gateway) − q(upstream) with a bootstrap
 * interval. Here the "gateway" answers 10 ms slower than the upstream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { runToEnd } from '../../test/run-to-end';

const servers: MockServer[] = [];
async function mock(latencyMs: number, extra: Parameters<typeof startMockServer>[0] = {}) {
  const server = await startMockServer({ port: 0, latencyMs, ...extra });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('overhead stages', () => {
  it('measures 10 ms added at every quantile, with an interval around it, from interleaved pairs', async () => {
    const upstream = await mock(20);
    const gateway = await mock(30, { overheadMs: 7 });
    const { stage, series, upstreamSeries } = await runToEnd({
      target: { url: `${gateway.url}/v1/chat/completions` },
      upstream: { url: `${upstream.url}/v1/chat/completions` },
      load: { model: 'closed', users: 10 },
      durationMs: 4000,
    });
    const paired = stage.paired!;
    expect(paired).toBeDefined();
    // Each user alternates between the arms: their request counts differ by at most one per user.
    expect(Math.abs(stage.requests - paired.upstream.requests)).toBeLessThanOrEqual(10);
    expect(gateway.served[200] + upstream.served[200]).toBe(stage.requests + paired.upstream.requests);
    expect(paired.upstream.latencyMs!.p50).toBeGreaterThan(19);
    expect(paired.upstream.latencyMs!.p50).toBeLessThan(25);
    const latency = paired.latency!;
    // Four seconds are too few blocks to resample (MIN_BLOCKS = 10): requests are resampled, and the result says so.
    expect(latency.resampled).toBe('requests');
    expect(latency.quantiles.map((q) => q.q)).toEqual([0.5, 0.9, 0.95, 0.99]);
    const p50 = latency.quantiles[0];
    expect(p50.difference).toBeGreaterThan(8);
    expect(p50.difference).toBeLessThan(13);
    expect(p50.low!).toBeLessThanOrEqual(p50.difference);
    expect(p50.high!).toBeGreaterThanOrEqual(p50.difference);
    expect(p50.high! - p50.low!).toBeLessThan(5);
    // The point estimates are the arms' own quantiles, as their runs report them (both at HDR-like precision).
    expect(Math.abs(p50.gateway - stage.latencyMs!.p50)).toBeLessThan(0.5);
    expect(Math.abs(p50.direct - paired.upstream.latencyMs!.p50)).toBeLessThan(0.5);
    // The gateway's self-reported overhead header is kept beside the measured one.
    expect(stage.overheadMs!.p50).toBeCloseTo(7, 1);
    // Each arm has its own points: the gateway's under the stage id, the upstream's apart.
    expect(series[0].length).toBe(4);
    expect(upstreamSeries[0].length).toBe(4);
    expect(latency.samples.seconds).toBeGreaterThanOrEqual(3);
  });

  it('with a stream, also reports the added time to first token', async () => {
    const upstream = await mock(0, { ttftMs: 10, tokenDelayMs: 5, outputTokens: 8 });
    const gateway = await mock(0, { ttftMs: 25, tokenDelayMs: 5, outputTokens: 8 });
    const { stage } = await runToEnd({
      target: { url: `${gateway.url}/v1/chat/completions` },
      upstream: { url: `${upstream.url}/v1/chat/completions` },
      load: { model: 'closed', users: 4 },
      stream: true,
      durationMs: 3000,
    });
    const ttft = stage.paired!.ttft!;
    expect(ttft.quantiles[0].difference).toBeGreaterThan(11);
    expect(ttft.quantiles[0].difference).toBeLessThan(20);
  });
});
