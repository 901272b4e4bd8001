import { describe, expect, it } from 'vitest';
import { failureOf } from './outcome';

const result = (over: Partial<Parameters<typeof failureOf>[0]> = {}) => ({ requests: 100, successes: 0, cancelled: false, failuresByClass: {}, ...over });

describe('failureOf: a run that measured nothing is failed, with a reason a user can act on', () => {
  it('names the address nothing listens on', () => {
    expect(failureOf(result({ failuresByClass: { connection_refused: { count: 100, sample: 'connect ECONNREFUSED 127.0.0.1:18099' } } }))).toBe(
      'No request succeeded: nothing listens on 127.0.0.1:18099: connection refused.',
    );
  });

  it('quotes what the target answered, or that it never did', () => {
    expect(failureOf(result({ failuresByClass: { http_401: { count: 100, sample: 'HTTP 401: bad key' } } }))).toBe('No request succeeded: the target answered every request with HTTP 401: bad key.');
    expect(failureOf(result({ failuresByClass: { timeout: { count: 100, sample: 'no complete reply within 800 ms' } } }))).toBe(
      'No request succeeded: the target never replied in time (no complete reply within 800 ms).',
    );
  });

  it('gives the reason a run stopped early', () => {
    expect(failureOf(result({ successes: 50, stoppedEarly: 'every request failed for 10 s in a row (http_500: boom), so the run was stopped' }))).toBe(
      'Every request failed for 10 s in a row (http_500: boom), so the run was stopped.',
    );
  });

  it('is nothing for a run with successes, a cancelled run, or one that sent nothing', () => {
    expect(failureOf(result({ successes: 1, failuresByClass: { http_500: { count: 99, sample: 'x' } } }))).toBeUndefined();
    expect(failureOf(result({ cancelled: true, failuresByClass: { timeout: { count: 1, sample: 'x' } } }))).toBeUndefined();
    expect(failureOf(result({ requests: 0 }))).toBeUndefined();
  });
});
