import { describe, expect, it } from 'vitest';
import { ValidityTally } from './validity';

const second = (over: Partial<Parameters<ValidityTally['add']>[0]> = {}) => ({ second: 0, windowMs: 1000, clientBusy: 0.3, hostCpuBusy: 0.4, ...over });

function judge(points: Parameters<ValidityTally['add']>[0][]) {
  const tally = new ValidityTally();
  for (const point of points) tally.add(point);
  return tally.verdict();
}

describe('validity of a run', () => {
  it('is valid when the generator had room', () => {
    expect(judge(Array.from({ length: 30 }, (_, i) => second({ second: i })))).toEqual({ verdict: 'valid', reasons: [] });
  });

  it('is suspect when the engine was over 90% busy in more than 10% of seconds, invalid past half of them', () => {
    const busy = (n: number) => Array.from({ length: 30 }, (_, i) => second({ second: i, clientBusy: i < n ? 0.95 : 0.3 }));
    expect(judge(busy(3)).verdict).toBe('valid');
    expect(judge(busy(4))).toEqual({ verdict: 'suspect', reasons: ["the load generator's engine was over 90% busy in 4 of 30 s: it may have limited the load"] });
    expect(judge(busy(16)).verdict).toBe('invalid');
  });

  it('open model: suspect below 95% of the scheduled arrivals sent, invalid below 80%, and says how late sends ran', () => {
    expect(judge([second({ intended: 100, sent: 96 }), second({ second: 1, intended: 100, sent: 96 })]).verdict).toBe('valid');
    expect(judge([second({ intended: 100, sent: 90 })])).toEqual({ verdict: 'suspect', reasons: ['only 90% of the scheduled arrivals were sent (below 95%): the rate asked for was not the rate applied'] });
    expect(judge([second({ intended: 100, sent: 70 })]).verdict).toBe('invalid');
    expect(judge([second({ intended: 100, sent: 100, sendLagP99Ms: 120 })]).reasons).toEqual(['sends ran up to 120 ms behind schedule at p99 (bound 50 ms)']);
  });

  it('is suspect when the host CPU was saturated (a target on the same host competes)', () => {
    const points = Array.from({ length: 10 }, (_, i) => second({ second: i, hostCpuBusy: i < 2 ? 0.99 : 0.5 }));
    expect(judge(points).reasons).toEqual(["the host's CPUs were over 95% busy in 2 of 10 s: a target on the same host competes with the load generator"]);
  });

  it('ignores warm-up seconds and the part-second before the stop', () => {
    expect(judge([second({ second: -1, clientBusy: 1 }), second({ second: 0 }), second({ second: 1, windowMs: 12, clientBusy: 1 })]).verdict).toBe('valid');
  });
});
