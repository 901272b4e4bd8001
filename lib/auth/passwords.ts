/**
 * Password hashing with argon2id (@node-rs/argon2: maintained Rust argon2 with prebuilt
 * binaries on npm, no install script). Parameters are the library's defaults, which follow
 * OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

export const passwordSchema = z
  .string({ error: 'enter a password' })
  .min(12, 'use at least 12 characters')
  .max(256, 'use at most 256 characters');

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the account does not exist, so a wrong email costs as long as a wrong password.
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash('decoy password that matches no account');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
