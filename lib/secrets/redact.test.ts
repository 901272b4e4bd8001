import { describe, expect, it } from 'vitest';
import { redactSecret } from './redact';

describe('redactSecret', () => {
  const key = 'sk-live-0123456789abcdef';
  it('replaces every copy of the key, and a copy cut short at the end', () => {
    expect(redactSecret(`invalid key ${key}; was ${key}`, key)).toBe('invalid key [API key]; was [API key]');
    expect(redactSecret(`HTTP 401: invalid key ${key.slice(0, 10)}`, key)).toBe('HTTP 401: invalid key [API key]');
    expect(redactSecret('nothing secret here', key)).toBe('nothing secret here');
    expect(redactSecret('ends with sk-', key)).toBe('ends with sk-');
    expect(redactSecret('anything', undefined)).toBe('anything');
  });
});
