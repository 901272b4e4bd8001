/**
 * Target API keys at rest: AES-256-GCM (node:crypto) with a 32-byte key from SECRET_KEY, a
 * fresh 12-byte IV per value, stored as "v1.<iv>.<tag>.<ciphertext>" (base64url). Decryption
 * also tries SECRET_KEY_PREVIOUS, so keys can be rotated (README, "Security").
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1';

export class SecretKeyError extends Error {}

/** A key from base64 or hex text; must be exactly 32 bytes. */
export function parseKey(text: string, name = 'SECRET_KEY'): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${name} must be 32 bytes, as 64 hex characters or base64 (generate one with \`openssl rand -base64 32\`)`);
  return key;
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export const isEncrypted = (stored: string) => stored.startsWith(`${PREFIX}.`) && stored.split('.').length === 4;

/** Decrypts with the first key that authenticates the value; values saved before encryption pass through. */
export function decryptSecret(stored: string, keys: Buffer[]): string {
  if (!isEncrypted(stored)) return stored;
  const [, iv, tag, ciphertext] = stored.split('.');
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // not this key (or tampered): try the next
    }
  }
  throw new SecretKeyError('a saved API key cannot be decrypted with SECRET_KEY (or SECRET_KEY_PREVIOUS): was the key changed without rotating?');
}
