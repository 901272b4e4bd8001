/** Splitting a run across workers and merging their results back: exact, remainders handled. */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from './config';
import { createHistogram, decodeHistogram, encodeHistogram, recordMs, summarize } from './metrics/histogram';
import type { SeriesPoint } from './metrics/recorder';
import { mergePoints, mergeResults, resultFromPoints, shardConfig, shares } from './split';
import type { StageResult } from './stage';
import { seededRandom } from '../stats/random';

const target = { url: 'http://127.0.0.1:1/v1/chat/completions', protocol: 'openai-chat' as const, model: 'm' };

describe('splitting a run', () => {
  it('splits whole numbers with the remainder on the first workers', () => {
    expect(shares(10, 3)).toEqual([4, 3, 3]);
    expect(shares(5, 3)).toEqual([2, 2, 1]);
    expect(shares(3, 3)).toEqual([1, 1, 1]);
    expect(shares(7, 1)).toEqual([7]);
  });

  it('gives each worker its share of users, spawn rate, arrival rate, in-flight cap and request count', () => {
    const closed = runConfigSchema.parse({ target, load: { model: 'closed', users: 10, spawnRate: 6 }, requests: 1000, workers: 3, thresholds: [{ expression: 'p95_ms < 5', abortOnFail: false }] });
    expect([0, 1, 2].map((i) => shardConfig(closed, i).load)).toMatchObject([{ users: 4, spawnRate: 2 }, { users: 3, spawnRate: 2 }, { users: 3, spawnRate: 2 }]);
    expect([0, 1, 2].map((i) => shardConfig(closed, i).requests)).toEqual([334, 333, 333]);
    expect(shardConfig(closed, 0)).toMatchObject({ workers: 1, thresholds: [], pointHistograms: true });
    const open = runConfigSchema.parse({ target, load: { model: 'open', rate: 900, poisson: true, maxInFlight: 100 }, workers: 3 });
    expect([0, 1, 2].map((i) => shardConfig(open, i).load)).toMatchObject([
      { rate: 300, poisson: true, maxInFlight: 34 },
      { rate: 300, poisson: true, maxInFlight: 33 },
      { rate: 300, poisson: true, maxInFlight: 33 },
    ]);
  });

  it('refuses what cannot be split, in words', () => {
    const refused = (input: object) => runConfigSchema.safeParse({ target, ...input }).error?.issues.map((i) => i.message);
    expect(refused({ load: { model: 'closed', users: 2 }, workers: 3 })).toEqual(['give every worker at least one user: as many users as workers, or fewer workers']);
    expect(refused({ load: { model: 'closed', users: 10 }, sweep: [5, 10], workers: 2 })).toEqual(['a run split across workers is one load: no sweep, overhead run or capacity search with it']);
  });
});

describe('merging workers', () => {
  it('merges histograms exactly: the merge of N workers equals the histogram of all their values', () => {
    const random = seededRandom(9);
    const all = createHistogram();
    const parts = [createHistogram(), createHistogram(), createHistogram()];
    for (let i = 0; i < 30_000; i++) {
      const ms = 5 + -Math.log(1 - random()) * 40;
      recordMs(all, ms);
      recordMs(parts[i % 3], ms);
    }
    const results = parts.map((h, i) => result({ requests: h.totalCount, histogram: encodeHistogram(h), durationMs: 10_000 - i }));
    const merged = mergeResults(results, { label: '900 req/s', load: { model: 'open', rate: 900, poisson: true, maxInFlight: 100 } });
    // Every bucket the same: each percentile, the count and the mean are those of all the values
    // (min and max read back as their bucket's edge once encoded, as for any stored histogram).
    const back = decodeHistogram(merged.histograms.latency!);
    for (let q = 0; q <= 100; q += 0.5) expect(back.getValueAtPercentile(q)).toBe(all.getValueAtPercentile(q));
    expect(back.totalCount).toBe(all.totalCount);
    expect(merged.latencyMs).toEqual(summarize(decodeHistogram(encodeHistogram(all))));
    expect(merged.latencyMs?.p99).toBe(summarize(all)?.p99);
    expect(merged.requests).toBe(30_000);
    expect(merged.durationMs).toBe(10_000);
    expect(merged.rps).toBeCloseTo(3000, 6);
  });

  it('merges a second: counts add, percentiles from the merged window histograms', () => {
    const a = createHistogram(2);
    const b = createHistogram(2);
    for (let i = 1; i <= 100; i++) recordMs(i <= 50 ? a : b, i);
    const point = (h: ReturnType<typeof createHistogram>, extra: Partial<SeriesPoint>): SeriesPoint => ({
      second: 3, windowMs: 1000, requests: h.totalCount, failures: 0, rps: h.totalCount, p50Ms: null, p95Ms: null, p99Ms: null, activeUsers: 5, inFlight: 2,
      ttftP50Ms: null, outputTokens: 10, rateLimited: 0, clientBusy: 0.2, hostCpuBusy: 0.5, intended: 50, sent: 50, sendLagP99Ms: 1, latencyHistogram: encodeHistogram(h), ...extra,
    });
    const merged = mergePoints([point(a, {}), point(b, { clientBusy: 0.4, sendLagP99Ms: 3 })]);
    expect(merged).toMatchObject({ second: 3, requests: 100, rps: 100, activeUsers: 10, inFlight: 4, outputTokens: 20, clientBusy: 0.4, intended: 100, sent: 100, sendLagP99Ms: 3 });
    // Values 1..100 ms: p50 is 50 ms and p95 95 ms (1% resolution).
    expect(merged.p50Ms).toBeCloseTo(50, 0);
    expect(merged.p95Ms).toBeCloseTo(95, 0);
    expect(merged.latencyHistogram).toBeUndefined();
  });

  it('merges goodput: requests that met the objectives over every measured request, as one process counts them', () => {
    const h = encodeHistogram(createHistogram(2));
    const objectives = { ttftMs: 200 };
    const a = { ...result({ requests: 100, histogram: h, durationMs: 10_000 }), drain: { requests: 4, failures: 0, durationMs: 5 }, goodput: { objectives, requests: 90, share: 90 / 96, rps: 9 } };
    const b = { ...result({ requests: 50, histogram: h, durationMs: 9_990 }), goodput: { objectives, requests: 20, share: 0.4, rps: 2 } };
    const merged = mergeResults([a, b], { label: 'x', load: a.load });
    expect(merged.goodput).toEqual({ objectives, requests: 110, share: 110 / 146, rps: 11 });
    expect(mergeResults([result({ requests: 1, histogram: h, durationMs: 1000 })], { label: 'x', load: a.load }).goodput).toBeUndefined();
  });

  it("rebuilds a lost worker's share from the seconds it reported, warm-up excluded", () => {
    const h = createHistogram(2);
    for (let i = 0; i < 10; i++) recordMs(h, 20);
    const seconds: SeriesPoint[] = [-1, 0, 1].map((second) => ({
      second, windowMs: 1000, requests: 10, failures: 1, rps: 9, p50Ms: 20, p95Ms: 20, p99Ms: 20, activeUsers: 1, inFlight: 1, ttftP50Ms: null, outputTokens: 0, rateLimited: 0, clientBusy: 0.1, hostCpuBusy: 0.1, latencyHistogram: encodeHistogram(h),
    }));
    const lost = resultFromPoints(seconds, { model: 'closed', users: 1, spawnRate: 1 } as StageResult['load']);
    expect(lost).toMatchObject({ requests: 20, failures: 2, successes: 18, durationMs: 2000 });
    expect(lost.latencyMs?.count).toBe(20);
  });
});

function result({ requests, histogram, durationMs }: { requests: number; histogram: string; durationMs: number }): StageResult {
  return {
    label: 'x', load: { model: 'open', rate: 300, poisson: true, maxInFlight: 33 }, durationMs, requests, successes: requests, failures: 0, failuresByClass: {}, rps: 0, attemptRps: 0,
    outputTokens: 0, outputTokensPerSec: 0, tokensEstimated: false, drain: { requests: 0, failures: 0, durationMs: 0 }, health: { clientBusyMax: 0.1, validity: { verdict: 'valid', reasons: [] } },
    histograms: { latency: histogram }, cancelled: false,
  } as StageResult;
}
