import { describe, expect, it } from 'vitest';
import { compareRates, compareSeries } from './significance';

const noisy = (mean: number, spread: number, n = 30) => Array.from({ length: n }, (_, i) => mean + spread * Math.sin(i * 1.7));

describe('compareSeries', () => {
  it('does not call a 1% change in a noisy p99 a regression', () => {
    expect(compareSeries(noisy(240, 30), noisy(242.4, 30), 'lower')).toBe('same');
  });

  it('calls a clear latency rise worse and a clear RPS rise better', () => {
    expect(compareSeries(noisy(150, 5), noisy(240, 5), 'lower')).toBe('worse');
    expect(compareSeries(noisy(1035, 20), noisy(1170, 20), 'higher')).toBe('better');
  });

  it('ignores a tiny but steady change below 2%', () => {
    expect(compareSeries(noisy(100, 0.01), noisy(101, 0.01), 'lower')).toBe('same');
  });

  it('gives no verdict on fewer than 3 seconds', () => {
    expect(compareSeries([1, 2], [5, 6, 7], 'lower')).toBe('unknown');
  });
});

describe('compareRates', () => {
  it('tells 0.5% from 0.6% failures apart only with enough requests', () => {
    expect(compareRates({ failures: 5, requests: 1000 }, { failures: 6, requests: 1000 })).toBe('same');
    expect(compareRates({ failures: 500, requests: 100_000 }, { failures: 700, requests: 100_000 })).toBe('worse');
  });
});
