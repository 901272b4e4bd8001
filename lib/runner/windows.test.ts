/**
 * Honest windows (PRODUCT.md, "Methods"): a point is a window with its real length; the
 * requests still in flight at the stop drain apart and never become a rate point; warm-up
 * seconds are points of their own, in no total; a run's RPS is its successes per measured second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { runToEnd } from '../../test/run-to-end';
import { isPartialWindow } from './validity';

const servers: MockServer[] = [];
async function mock(latencyMs: number) {
  const server = await startMockServer({ port: 0, latencyMs });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const chat = (server: MockServer) => ({ url: `${server.url}/v1/chat/completions` });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

describe('windows', () => {
  it('a duration run has only whole-second points; what was in flight at the end drains apart, with no spike', async () => {
    const server = await mock(20);
    const { stage, series } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 20 }, durationMs: 3000 });
    const points = series[0];
    expect(points.map((p) => p.second)).toEqual([0, 1, 2]);
    // Windows end where the timer ran (a late tick lengthens one window and shortens the next).
    for (const point of points) expect([isPartialWindow(point.windowMs), Math.abs(point.windowMs - 1000) < 50]).toEqual([false, true]);
    expect(points.reduce((n, p) => n + p.windowMs, 0)).toBeCloseTo(stage.durationMs, -1);
    // 20 users each had a request out at the stop: they finish within ~20 ms, apart.
    expect(stage.drain.requests).toBeGreaterThan(10);
    expect(stage.drain.requests).toBeLessThanOrEqual(20);
    expect(stage.drain.durationMs).toBeLessThan(100);
    expect(points.reduce((n, p) => n + p.requests, 0) + stage.drain.requests).toBe(stage.requests);
    // No point is a spike: each within 15% of the median, and the run's RPS is the windows'.
    const typical = median(points.map((p) => p.rps));
    for (const point of points) expect(Math.abs(point.rps - typical) / typical).toBeLessThan(0.15);
    expect(Math.abs(stage.rps - typical) / typical).toBeLessThan(0.1);
    expect(stage.durationMs).toBeGreaterThan(2990);
    expect(stage.durationMs).toBeLessThan(3050);
  });

  it('a request-count run ends with a partial window of its real length, marked as such', async () => {
    const server = await mock(10);
    const { stage, series } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 4 }, requests: 500 });
    const points = series[0];
    const last = points.at(-1)!;
    // ~4 users / 10 ms = ~370/s: 500 requests take about 1.35 s.
    expect(isPartialWindow(last.windowMs)).toBe(true);
    expect(last.windowMs).toBeGreaterThan(100);
    expect(points.slice(0, -1).every((p) => !isPartialWindow(p.windowMs))).toBe(true);
    // The rate of a partial window is over its own length, not a full second's.
    expect(Math.abs(last.rps - points[0].rps) / points[0].rps).toBeLessThan(0.3);
    expect(points.reduce((n, p) => n + p.requests, 0) + stage.drain.requests).toBe(500);
    expect(stage.requests).toBe(500);
  });

  it('a run whose every request fails is stopped after the set number of seconds, saying why', async () => {
    const server = await startMockServer({ port: 0, errorRate: 1 });
    servers.push(server);
    const started = performance.now();
    const { stage } = await runToEnd({ target: chat(server), load: { model: 'closed', users: 2 }, durationMs: 60_000, stopOnFailureSeconds: 2 });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(stage.successes).toBe(0);
    expect(stage.stoppedEarly).toBe('every request failed for 2 s in a row (http_500: HTTP 500: {"error":{"message":"mock upstream error","type":"server_error"}}), so the run was stopped');
  });

  it('a connection that is refused backs off per user instead of reconnecting in a tight loop', async () => {
    const server = await mock(0);
    const url = chat(server).url;
    await server.close();
    servers.length = 0;
    const { stage } = await runToEnd({ target: { url }, load: { model: 'closed', users: 2 }, durationMs: 3000, stopOnFailureSeconds: 0 });
    // Backing off 25 ms → 1 s: a handful of attempts per user per second, not thousands.
    expect(stage.requests).toBeGreaterThan(4);
    expect(stage.requests).toBeLessThan(40);
    expect(Object.keys(stage.failuresByClass)).toEqual(['connection_refused']);
    expect(stage.health.clientBusyMax).toBeLessThan(0.5);
  });
});
