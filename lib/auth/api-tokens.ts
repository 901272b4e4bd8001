/** Bearer tokens for scripts and CI (`Authorization: Bearer gb_…`); they act with their user's role. */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import type { SignedInUser } from './sessions';
import { randomToken, tokenHash } from './tokens';

export const API_TOKEN_PREFIX = 'gb_';

export const apiTokenNameSchema = z.string({ error: 'name the token' }).trim().min(1, 'name the token, e.g. "CI"').max(100, 'use at most 100 characters');

/** Creates a token; the returned secret is shown once and never stored. */
export async function createApiToken(userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = randomToken(API_TOKEN_PREFIX);
  const row = await getPrisma().apiToken.create({ data: { userId, name, tokenHash: tokenHash(token) } });
  return { id: row.id, token };
}

export function listApiTokens(userId: string) {
  return getPrisma().apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, select: { id: true, name: true, createdAt: true, lastUsedAt: true } });
}

/** Every user's tokens, for admins (never the secrets: only their hashes are stored). */
export function listAllApiTokens() {
  return getPrisma().apiToken.findMany({ orderBy: [{ user: { email: 'asc' } }, { createdAt: 'desc' }], select: { id: true, name: true, createdAt: true, lastUsedAt: true, user: { select: { email: true } } } });
}

/** An admin revokes anyone's token. */
export async function revokeAnyApiToken(id: string): Promise<boolean> {
  return (await getPrisma().apiToken.deleteMany({ where: { id } })).count > 0;
}

export async function revokeApiToken(userId: string, id: string): Promise<boolean> {
  return (await getPrisma().apiToken.deleteMany({ where: { id, userId } })).count > 0;
}

export async function apiTokenUser(token: string, now = new Date()): Promise<SignedInUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const prisma = getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: { select: { id: true, email: true, role: true, disabledAt: true } } } });
  if (!row || row.user.disabledAt) return null;
  // Recorded at most once a minute per token.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { id: row.user.id, email: row.user.email, role: row.user.role };
}
