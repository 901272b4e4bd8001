/** Goodput (PRODUCT.md): the rate of requests meeting every objective set, from each request's own timings. */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { runToEnd } from '../../test/run-to-end';
import { fieldErrors, runConfigSchema } from './config';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('goodput', () => {
  it('counts the requests that meet every objective: all when each is generous, none when one is out of reach', async () => {
    // TTFT ≈ 10 ms, then 7 tokens 20 ms apart: TPOT ≈ 20 ms, end to end ≈ 150 ms. (The gaps are
    // measured where they arrive: a 5 ms spacing let a stall of the client on a busy CI machine
    // deliver one reply's tokens at once, under the tight TPOT below.)
    const server = await startMockServer({ port: 0, latencyMs: 0, ttftMs: 10, tokenDelayMs: 20, outputTokens: 8 });
    servers.push(server);
    const run = (objectives: object) => runToEnd({ target: { url: `${server.url}/v1/chat/completions` }, load: { model: 'closed', users: 4 }, stream: true, durationMs: 1500, objectives });
    const generous = (await run({ ttftMs: 200, tpotMs: 60, e2eMs: 400 })).stage;
    expect(generous.goodput!.share).toBeGreaterThan(0.95);
    expect(generous.goodput!.rps).toBeCloseTo(generous.rps * generous.goodput!.share, 0);
    const tightTpot = (await run({ ttftMs: 40, tpotMs: 2 })).stage;
    expect(tightTpot.goodput!.requests).toBe(0);
    const tightEnd = (await run({ e2eMs: 20 })).stage;
    expect(tightEnd.goodput!.requests).toBe(0);
    expect(tightEnd.goodput!.objectives).toEqual({ e2eMs: 20 });
  });

  it('refuses TTFT or TPOT objectives without a stream, saying what to do', () => {
    const parsed = runConfigSchema.safeParse({ target: { url: 'http://127.0.0.1:1/v1/chat/completions' }, load: { model: 'closed' }, objectives: { ttftMs: 100 } });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!).objectives).toBe('TTFT and TPOT objectives need streamed replies: tick "Stream replies", or set an end-to-end objective only');
    expect(runConfigSchema.safeParse({ target: { url: 'http://127.0.0.1:1/v1/chat/completions' }, load: { model: 'closed' }, objectives: { e2eMs: 100 } }).success).toBe(true);
  });
});
