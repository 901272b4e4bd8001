/**
 * Each load shape does what the README says, seen from the server's side (a recording
 * server in this process): Poisson and fixed arrivals, the in-flight cap, the spawn ramp,
 * think time, warm-up exclusion, saturation of the client, and cancels that end at once
 * whatever the run is waiting on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnMockProcess } from '../mock/child';
import { gapVariation, startRecordingServer, type RecordingServer } from '../../test/recording-server';
import { runToEnd } from '../../test/run-to-end';

const servers: RecordingServer[] = [];
async function recording(options: Parameters<typeof startRecordingServer>[0] = {}) {
  const server = await startRecordingServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const chat = (server: { url: string }) => ({ url: `${server.url}/v1/chat/completions` });

describe('open model arrivals', () => {
  it('Poisson arrivals: the count is the rate × duration within noise, and the gaps vary like an exponential (CV ≈ 1)', async () => {
    const server = await recording();
    const { stage, series } = await runToEnd({ target: chat(server), load: { model: 'open', rate: 100, poisson: true }, durationMs: 4000 });
    expect(stage.requests).toBeGreaterThan(340);
    expect(stage.requests).toBeLessThan(460);
    expect(server.requests.length).toBe(stage.requests);
    const cv = gapVariation(server.requests.map((r) => r.at));
    expect(cv).toBeGreaterThan(0.8);
    expect(cv).toBeLessThan(1.25);
    expect(series[0].reduce((n, p) => n + (p.intended ?? 0), 0)).toBe(stage.requests);
  });

  it('fixed arrivals: exactly rate × duration, evenly spaced (CV half of Poisson’s or less)', async () => {
    const server = await recording();
    const { stage } = await runToEnd({ target: chat(server), load: { model: 'open', rate: 100 }, durationMs: 3000 });
    expect(stage.requests).toBe(300);
    expect(server.requests.length).toBe(300);
    // Timer jitter puts some spread on the gaps (more on a busy machine); Poisson's is ~1.
    expect(gapVariation(server.requests.map((r) => r.at))).toBeLessThan(0.5);
  });

  it('the in-flight cap holds: never more than maxInFlight at the server, and the queue behind it counts in latency', async () => {
    const server = await recording({ latencyMs: 50 });
    // 200 arrivals/s against 5 × (1 / 50 ms) = 100/s of capacity: a queue builds for 1.5 s.
    const { stage, series } = await runToEnd({ target: chat(server), load: { model: 'open', rate: 200, maxInFlight: 5 }, durationMs: 1500 });
    expect(stage.requests).toBe(300);
    expect(stage.failures).toBe(0);
    expect(server.maxConcurrent).toBe(5);
    expect(Math.max(...series[0].map((p) => p.inFlight))).toBeLessThanOrEqual(5);
    // The last arrival waits ~1.5 s behind 150 queued requests: p99 far above the server's 50 ms.
    expect(stage.latencyMs!.p99).toBeGreaterThan(1000);
    expect(stage.latencyMs!.p50).toBeGreaterThan(300);
  });
});

describe('closed model', () => {
  it('spawn rate: users start at the given rate (5/s), not all at once', async () => {
    const server = await recording({ latencyMs: 20 });
    const { series } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 10, spawnRate: 5 }, durationMs: 3000 });
    const active = series[0].map((p) => p.activeUsers);
    // Users 1–6 start at 0, 0.2, …, 1.0 s; by 2 s all 10 run.
    expect(active[0]).toBeGreaterThanOrEqual(5);
    expect(active[0]).toBeLessThanOrEqual(6);
    expect(active[2]).toBe(10);
    expect(series[0][0].requests).toBeLessThan(series[0][2].requests * 0.8);
  });

  it('think time: each user waits between replies (2 users × 200 ms think → ~10 req/s)', async () => {
    const server = await recording();
    const { stage } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 2, thinkTimeMs: { min: 200, max: 200 } }, durationMs: 3000 });
    // Each user sends at 0, 0.2, …, 2.8 s: 15 requests each.
    expect(stage.requests).toBeGreaterThanOrEqual(28);
    expect(stage.requests).toBeLessThanOrEqual(30);
    // Seen from the server: any three requests include two from one user, so they span a think time.
    const at = server.requests.map((r) => r.at).sort((a, b) => a - b);
    const spans = at.slice(2).map((t, i) => t - at[i]);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(199);
  });

  it('warm-up: requests sent during it reach the server but are left out of results and of the series', async () => {
    const server = await recording({ latencyMs: 10 });
    const { stage, series } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 2 }, warmupMs: 1000, durationMs: 2000 });
    const warmup = server.requests.length - stage.requests;
    // ~2 users × 1 s / 11 ms ≈ 180 warm-up requests.
    expect(warmup).toBeGreaterThan(100);
    // The warm-up second is a point of its own (second -1), counted in no total.
    const [warm, ...measured] = series[0];
    expect(warm.second).toBe(-1);
    expect(warm.requests).toBeGreaterThan(100);
    expect(measured.map((p) => p.second)).toEqual([0, 1]);
    expect(measured.reduce((n, p) => n + p.requests, 0) + stage.drain.requests).toBe(stage.requests);
    expect(stage.durationMs).toBeGreaterThan(1900);
    expect(stage.durationMs).toBeLessThan(2200);
  });
});

describe('load-generator health', () => {
  it('a light run is valid', async () => {
    const server = await recording();
    const { stage } = await runToEnd({ target: chat(server), load: { model: 'open', rate: 50 }, durationMs: 2000 });
    expect(stage.health.validity).toEqual({ verdict: 'valid', reasons: [] });
  });

  it('asking for far more than one process can send (100,000 req/s) is judged invalid, with the reasons', async () => {
    const server = await spawnMockProcess([]);
    try {
      const { stage } = await runToEnd({ target: chat(server), load: { model: 'open', rate: 100_000, maxInFlight: 200 }, durationMs: 1000 }, { cancelAfterMs: 6000 });
      expect(stage.health.validity.verdict).toBe('invalid');
      expect(stage.health.sendLagMs!.p99).toBeGreaterThan(50);
      expect(stage.health.validity.reasons.join(' ')).toMatch(/of the scheduled arrivals were sent/);
    } finally {
      await server.close();
    }
  });
});

describe('cancel ends the run at once, whatever it is waiting on', () => {
  const cancelWithin = async (config: Parameters<typeof runToEnd>[0], cancelAfterMs: number) => {
    const started = performance.now();
    const { cancelled, stage } = await runToEnd(config, { cancelAfterMs });
    return { cancelled, stage, afterCancelMs: performance.now() - started - cancelAfterMs };
  };

  it('during a 30 s think time', async () => {
    const server = await recording();
    const { cancelled, stage, afterCancelMs } = await cancelWithin({ target: chat(server), load: { model: 'closed', users: 3, thinkTimeMs: { min: 30_000, max: 30_000 } }, durationMs: 120_000 }, 1000);
    expect(cancelled).toBe(true);
    expect(stage.requests).toBe(3);
    expect(afterCancelMs).toBeLessThan(1500);
  });

  it('during a slow spawn ramp (1 user every 10 s)', async () => {
    const server = await recording();
    const { afterCancelMs, stage } = await cancelWithin({ target: chat(server), load: { model: 'closed', users: 5, spawnRate: 0.1 }, durationMs: 120_000 }, 1000);
    expect(stage.cancelled).toBe(true);
    expect(afterCancelMs).toBeLessThan(1500);
  });

  it('during warm-up', async () => {
    const server = await recording({ latencyMs: 5 });
    const { afterCancelMs, stage } = await cancelWithin({ target: chat(server), load: { model: 'closed', users: 2 }, warmupMs: 60_000, durationMs: 60_000 }, 1000);
    expect(stage.cancelled).toBe(true);
    expect(stage.requests).toBe(0);
    expect(server.requests.length).toBeGreaterThan(50);
    expect(afterCancelMs).toBeLessThan(1500);
  });

  it('between sparse open-model arrivals (one every 20 s)', async () => {
    const server = await recording();
    const { afterCancelMs, stage } = await cancelWithin({ target: chat(server), load: { model: 'open', rate: 0.05 }, durationMs: 120_000 }, 1000);
    expect(stage.cancelled).toBe(true);
    expect(stage.requests).toBe(1);
    expect(afterCancelMs).toBeLessThan(1500);
  });

  it('mid-sweep: the current stage stops and no later stage starts', async () => {
    const server = await recording({ latencyMs: 5 });
    const started = performance.now();
    const { stages, cancelled } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 1 }, durationMs: 2000, sweep: [1, 2, 4] }, { cancelAfterMs: 3000 });
    expect(cancelled).toBe(true);
    expect(stages.map((s) => s.cancelled)).toEqual([false, true]);
    expect(performance.now() - started).toBeLessThan(4500);
  });

  it('a duration end does not wait out a think time either', async () => {
    const server = await recording();
    const started = performance.now();
    const { stage } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 2, thinkTimeMs: { min: 20_000, max: 20_000 } }, durationMs: 1000 });
    expect(stage.cancelled).toBe(false);
    expect(stage.requests).toBe(2);
    expect(performance.now() - started).toBeLessThan(2500);
  });
});
