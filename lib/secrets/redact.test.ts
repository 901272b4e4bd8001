import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecret, redactSecrets } from './redact';

const key = 'sk-live-0123456789abcdefghijklmnopqrstuv';

describe('redactSecret', () => {
  it('replaces every occurrence of the key', () => {
    expect(redactSecret(`Incorrect API key provided: ${key}. Again: ${key}`, key)).toBe(`Incorrect API key provided: ${REDACTED}. Again: ${REDACTED}`);
  });

  it('replaces a key cut short at the end of a truncated sample', () => {
    expect(redactSecret(`bad key sk-live-01`, key)).toBe(`bad key ${REDACTED}`);
    expect(redactSecret(`ends with sk-l`, key)).toBe(`ends with ${REDACTED}`);
  });

  it('leaves text without the key alone, and ignores a missing or tiny key', () => {
    expect(redactSecret('all fine', key)).toBe('all fine');
    expect(redactSecret('abc', undefined)).toBe('abc');
    expect(redactSecret('sk sk sk', 'sk')).toBe('sk sk sk');
  });

  it('replaces the key base64-, base64url-, hex- and URL-encoded, whole or in part (finding 16)', () => {
    const b64 = Buffer.from(key).toString('base64');
    for (const echoed of [b64, b64.slice(3, 31), Buffer.from(key).toString('base64url'), Buffer.from(key).toString('hex'), Buffer.from(key).toString('hex').toUpperCase().slice(10, 40), encodeURIComponent(`${key}/x`)]) {
      const out = redactSecret(`Authorization failed for token "${echoed}"`, key);
      expect(out, echoed).toContain(REDACTED);
      // No 8 characters of the key, in any of its forms, survive.
      for (const form of [key, b64, Buffer.from(key).toString('hex')]) {
        for (let i = 0; i + 8 <= form.length; i++) expect(out.includes(form.slice(i, i + 8)), `${echoed} keeps ${form.slice(i, i + 8)}`).toBe(false);
      }
    }
  });

  it('replaces any 8 or more characters of the key, wherever they sit', () => {
    expect(redactSecret(`key ends …6789abcdefgh… there`, key)).toBe(`key ends …${REDACTED}… there`);
    expect(redactSecret(`only 6789abc here`, key)).toBe(`only 6789abc here`);
  });

  it('replaces several secrets at once (the key and secret headers)', () => {
    expect(redactSecrets('a=sub-key-123456789 b=' + key, ['sub-key-123456789', key])).toBe(`a=${REDACTED} b=${REDACTED}`);
  });
});
