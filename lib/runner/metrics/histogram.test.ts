import { describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, encodeHistogram, mergeEncoded, recordMs, summarize } from './histogram';

/** Equal as HDR defines it: every percentile and count exact; max to the bucket (3 significant digits). */
function expectSameDistribution(actual: ReturnType<typeof summarize>, expected: ReturnType<typeof summarize>) {
  expect({ ...actual, max: 0 }).toEqual({ ...expected, max: 0 });
  expect(Math.abs(actual!.max - expected!.max) / expected!.max).toBeLessThan(0.001);
}

describe('duration histograms', () => {
  it('summarises in ms with HDR precision (3 significant digits)', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i);
    const s = summarize(h)!;
    expect(s.count).toBe(1000);
    expect(s.p50).toBeCloseTo(500, -0.5);
    expect(s.p99).toBeCloseTo(990, -1);
    expect(s.max).toBeCloseTo(1000, -1);
    expect(s.avg).toBeCloseTo(500.5, -0.5);
  });

  it('encodes and decodes without loss', () => {
    const h = createHistogram();
    for (const v of [0.2, 1.5, 20, 20.3, 250, 1200]) recordMs(h, v);
    expectSameDistribution(summarize(decodeHistogram(encodeHistogram(h))), summarize(h));
  });

  it('merges histograms from several machines exactly', () => {
    const a = createHistogram();
    const b = createHistogram();
    const both = createHistogram();
    for (let i = 0; i < 500; i++) {
      recordMs(a, 10 + (i % 7));
      recordMs(both, 10 + (i % 7));
      recordMs(b, 100 + (i % 13));
      recordMs(both, 100 + (i % 13));
    }
    expectSameDistribution(summarize(mergeEncoded([encodeHistogram(a), encodeHistogram(b)])), summarize(both));
  });

  it('clamps values outside 1 µs … 1 h instead of throwing', () => {
    const h = createHistogram();
    recordMs(h, 0);
    recordMs(h, 10 * 3_600_000);
    expect(summarize(h)!.count).toBe(2);
  });
});
