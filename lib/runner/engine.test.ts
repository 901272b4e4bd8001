/**
 * How we know the engine measures well: against the mock server with known timings, the
 * numbers it reports must match what the server did (see README, "How the engine is checked").
 */
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnMockProcess } from '../mock/child';
import { startMockServer, type MockOptionsInput, type MockServer } from '../mock/server';
import { runToEnd } from './test-support';

const servers: MockServer[] = [];
async function mock(options: MockOptionsInput = {}) {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const chat = (server: MockServer) => `${server.url}/v1/chat/completions`;

/** The loopback round trip of one small request, as this engine measures it. */
async function loopbackMs(): Promise<number> {
  const server = await mock();
  const { stage } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 1 }, durationMs: 1500, warmupMs: 500 });
  return stage.latencyMs!.p50;
}

/** autocannon's view of the same server, as the peer a measurement is checked against. */
async function autocannonLatency(url: string, connections: number, seconds: number) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 }),
  });
  return result.latency;
}

/**
 * How far our p99 may sit above autocannon's against the same server in the same test: the
 * brief's 3 ms. (The mock's own timers put ~1.5 ms of tail on this 2-vCPU VM, which both
 * tools see, so the bound is relative to a peer rather than to the nominal latency.)
 */
const P99_MARGIN_MS = 3;

describe('latency accuracy', () => {
  // Timing on a shared 2-vCPU VM: the property must hold in one of up to three attempts.
  it('measures a fixed server latency at ~1,000 req/s: p50 within 1 ms of L + RTT, p99 within 3 ms of autocannon', { retry: 2 }, async () => {
    const rtt = await loopbackMs();
    const L = 20;
    // The mock in its own process: it must not share an event loop with the test runner.
    const server = await spawnMockProcess(['--latency', String(L)]);
    try {
      const url = `${server.url}/v1/chat/completions`;
      // 2 s of warm-up: the mock process is fresh, and its first seconds run unoptimised code.
      const { stage } = await runToEnd({ target: { url }, load: { model: 'closed', users: 20 }, durationMs: 4000, warmupMs: 2000 });
      const peer = await autocannonLatency(url, 20, 4);
      console.info(`L=${L} rtt=${rtt} engine p50=${stage.latencyMs!.p50} p99=${stage.latencyMs!.p99} rps=${stage.rps.toFixed(0)}; autocannon p50=${peer.p50} p99=${peer.p99}`);
      expect(stage.rps).toBeGreaterThan(850);
      expect(stage.rps).toBeLessThan(1100);
      expect(Math.abs(stage.latencyMs!.p50 - (L + rtt))).toBeLessThanOrEqual(1);
      // The VM's own jitter shows in both tools' tails; ours may only be a little worse.
      expect(stage.latencyMs!.p99).toBeLessThanOrEqual(peer.p99 + P99_MARGIN_MS);
      expect(stage.failures).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('measures TTFT and inter-token gaps of a stream within 2 ms, with tokens from usage', async () => {
    const rtt = await loopbackMs();
    const server = await mock({ ttftMs: 50, tokenDelayMs: 10, outputTokens: 20 });
    const { stage } = await runToEnd({
      target: { url: chat(server) },
      load: { model: 'closed', users: 10 },
      stream: true,
      durationMs: 3000,
      warmupMs: 500,
    });
    expect(Math.abs(stage.ttftMs!.p50 - (50 + rtt))).toBeLessThanOrEqual(2);
    expect(Math.abs(stage.itlMs!.p50 - 10)).toBeLessThanOrEqual(2);
    expect(Math.abs(stage.tpotMs!.p50 - 10)).toBeLessThanOrEqual(2);
    // 19 gaps per request of 20 tokens; 20 tokens each, from the server's usage.
    expect(stage.itlMs!.count).toBe(stage.successes * 19);
    expect(stage.outputTokens).toBe(stage.successes * 20);
    expect(stage.tokensEstimated).toBe(false);
    // End to end = TTFT + the 19 gaps, as measured (the mock's timers drift a little per token).
    expect(Math.abs(stage.latencyMs!.avg - (stage.ttftMs!.avg + 19 * stage.itlMs!.avg))).toBeLessThanOrEqual(1);
  });

  it('estimates output tokens with a tokenizer when the server sends no usage, and says so', async () => {
    const server = await mock({ outputTokens: 12, omitUsage: true, tokenDelayMs: 1 });
    const { stage } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 2 }, stream: true, requests: 20 });
    expect(stage.successes).toBe(20);
    expect(stage.tokensEstimated).toBe(true);
    // "tok0 tok1 … tok11 " is more than one token per word, never one per chunk.
    expect(stage.outputTokens / 20).toBeGreaterThan(12);
  });

  it('collects the gateway overhead header as its own distribution', async () => {
    const server = await mock({ overheadMs: 12 });
    const { stage } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 2 }, requests: 50 });
    expect(stage.overheadMs!.count).toBe(50);
    expect(stage.overheadMs!.p50).toBeCloseTo(12, 1);
    expect(stage.overheadMs!.p99).toBeCloseTo(12, 1);
  });
});

describe('a stalled server: open model shows it, closed model hides it', () => {
  const STALL_MS = 1000;

  it('open model at 1,000 req/s counts the queue from the intended send time', async () => {
    const server = await mock({ latencyMs: 10 });
    setTimeout(() => server.stall(STALL_MS), 1500);
    const { stage } = await runToEnd({
      target: { url: chat(server) },
      load: { model: 'open', rate: 1000, maxInFlight: 5000 },
      durationMs: 4000,
      warmupMs: 0,
    });
    expect(stage.requests).toBe(4000);
    expect(stage.latencyMs!.p99).toBeGreaterThan(0.8 * STALL_MS);
    expect(stage.latencyMs!.p90).toBeGreaterThan(0.2 * STALL_MS);
  });

  it('closed model at the same load (10 users × 10 ms) shows it only in max', async () => {
    const server = await mock({ latencyMs: 10 });
    setTimeout(() => server.stall(STALL_MS), 1500);
    const { stage } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 10 }, durationMs: 4000 });
    expect(stage.latencyMs!.max).toBeGreaterThan(0.8 * STALL_MS);
    expect(stage.latencyMs!.p95).toBeLessThan(30);
    expect(stage.latencyMs!.p99).toBeLessThan(0.2 * STALL_MS);
  });
});

describe('counts add up', () => {
  it('requests = successes + failures in every point and in the total', async () => {
    const server = await mock({ latencyMs: 2, errorRate: 0.3 });
    const { stage, series } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 8 }, durationMs: 2500 });
    const points = series[0];
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.reduce((n, p) => n + p.requests, 0)).toBe(stage.requests);
    expect(points.reduce((n, p) => n + p.failures, 0)).toBe(stage.failures);
    expect(stage.successes + stage.failures).toBe(stage.requests);
    expect(stage.failures).toBeGreaterThan(0.2 * stage.requests);
    expect(stage.failuresByClass.http_500.count).toBe(stage.failures);
    expect(stage.failuresByClass.http_500.sample).toContain('mock upstream error');
    expect(stage.latencyMs!.count).toBe(stage.successes);
    expect(server.served[200] + server.served[500]).toBeGreaterThanOrEqual(stage.requests);
  });

  it('a request-count run sends exactly that many', async () => {
    const server = await mock();
    const { stage } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 7 }, requests: 500 });
    expect(stage.requests).toBe(500);
    expect(server.served[200]).toBe(500);
  });
});

describe('cancel', () => {
  it('stops at once and keeps everything measured so far', async () => {
    const server = await mock({ latencyMs: 5 });
    const started = Date.now();
    const { stage, cancelled, series } = await runToEnd(
      { target: { url: chat(server) }, load: { model: 'closed', users: 5 }, durationMs: 60_000 },
      { cancelAfterMs: 1800 },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(cancelled).toBe(true);
    expect(stage.cancelled).toBe(true);
    expect(stage.requests).toBeGreaterThan(200);
    expect(stage.successes + stage.failures).toBe(stage.requests);
    expect(series[0].reduce((n, p) => n + p.requests, 0)).toBe(stage.requests);
  });
});

describe('sweeps', () => {
  it('runs each stage in turn with its own results', async () => {
    const server = await mock({ latencyMs: 5 });
    const { stages } = await runToEnd({ target: { url: chat(server) }, load: { model: 'closed', users: 1 }, requests: 60, sweep: [1, 2, 4] });
    expect(stages.map((s) => s.label)).toEqual(['1 user', '2 users', '4 users']);
    expect(stages.map((s) => s.requests)).toEqual([60, 60, 60]);
    expect(stages[2].rps).toBeGreaterThan(stages[0].rps * 2);
  });
});
