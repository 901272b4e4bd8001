import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, isEncrypted, parseKey } from './cipher';

describe('secret encryption (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const other = randomBytes(32);

  it('round-trips and never stores the plain text', () => {
    const stored = encryptSecret('sk-live-123', key);
    expect(isEncrypted(stored)).toBe(true);
    expect(stored).not.toContain('sk-live-123');
    expect(decryptSecret(stored, [key])).toBe('sk-live-123');
    expect(encryptSecret('sk-live-123', key)).not.toBe(stored); // fresh IV each time
  });

  it('reads with the previous key while rotating, and refuses a wrong key or a tampered value', () => {
    const stored = encryptSecret('sk-old', other);
    expect(decryptSecret(stored, [key, other])).toBe('sk-old');
    expect(() => decryptSecret(stored, [key])).toThrow(/cannot be decrypted/);
    const [v, iv, tag, ct] = stored.split('.');
    const tampered = [v, iv, tag, Buffer.from(Buffer.from(ct, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, [other])).toThrow(/cannot be decrypted/);
  });

  it('passes through values saved before encryption', () => {
    expect(decryptSecret('sk-plain', [key])).toBe('sk-plain');
  });

  it('takes keys as hex or base64 and says how to make one', () => {
    expect(parseKey(key.toString('hex'))).toEqual(key);
    expect(parseKey(key.toString('base64'))).toEqual(key);
    expect(() => parseKey('short')).toThrow(/must be 32 bytes.*openssl rand -base64 32/);
  });
});
