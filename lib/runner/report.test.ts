import { describe, expect, it } from 'vitest';
import { formatReports, type StageReport } from './report';

const report = (over: Partial<StageReport> = {}): StageReport => ({
  label: '1000 users', requests: 312405, successes: 312405, failures: 0, rps: 1170, attemptRps: 1170, durationMs: 300_000,
  drain: { requests: 0, failures: 0, durationMs: 0 },
  latencyMs: { p50: 100, p90: 130, p95: 150, p99: 240, avg: 111.73, max: 900 },
  overheadMs: { p50: 2, p90: 6, p95: 8, p99: 13, avg: 3, max: 40 },
  outputTokens: 0, outputTokensPerSec: 0, tokensEstimated: false, errors: {}, validity: { verdict: 'valid', reasons: [] }, ...over,
});

describe('formatReports', () => {
  it('lays a run out like the reference tables', () => {
    expect(formatReports([report()])).toBe(
      [
        '| requests | failures | p50 ms | p95 ms | p99 ms | avg ms |   RPS | attempts/s | overhead p50/p95/p99 ms |',
        '|---------:|---------:|-------:|-------:|-------:|-------:|------:|-----------:|------------------------:|',
        '|  312,405 |        0 |    100 |    150 |    240 |    112 | 1,170 |      1,170 |              2 / 8 / 13 |',
      ].join('\n'),
    );
  });

  it('adds a stage column for sweeps and lists failures with a sample', () => {
    const text = formatReports([report({ label: '1 user' }), report({ label: '10 users', failures: 7, errors: { http_429: { count: 7, sample: 'HTTP 429: slow down' } } })]);
    expect(text.split('\n')[0]).toMatch(/^\| stage {4}\| requests/);
    expect(text).toContain('Failures (10 users):\n  http_429                     7  e.g. HTTP 429: slow down');
  });

  it('says what drained after the stop, why a run stopped early, and when the generator may have limited it', () => {
    const text = formatReports([
      report({ drain: { requests: 50, failures: 0, durationMs: 4 }, stoppedEarly: 'every request failed for 10 s in a row', validity: { verdict: 'suspect', reasons: ['sends ran up to 80 ms behind schedule at p99 (bound 50 ms)'] } }),
    ]);
    expect(text).toContain('Drain: 50 requests in flight at the stop finished within 4 ms (counted above, not in RPS).');
    expect(text).toContain('Stopped early: every request failed for 10 s in a row.');
    expect(text).toContain('Suspect: sends ran up to 80 ms behind schedule at p99 (bound 50 ms).');
  });
});
