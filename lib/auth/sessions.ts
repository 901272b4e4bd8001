/**
 * Browser sessions: the cookie carries a random token, the database its SHA-256. Sessions last
 * SESSION_TTL and are extended when used in their second half; signing out, disabling the
 * user or changing their password ends them.
 */
import { getPrisma } from '../db/client';
import type { Role } from './roles';
import { randomToken, tokenHash } from './tokens';

export const SESSION_COOKIE = 'gb_session';
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

export interface SignedInUser {
  id: string;
  email: string;
  role: Role;
}

export async function createSession(userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await getPrisma().session.create({ data: { id: tokenHash(token), userId, expiresAt } });
  return { token, expiresAt };
}

/** The user a session token belongs to, or null when it is unknown, expired or the user is disabled. */
export async function sessionUser(token: string, now = new Date()): Promise<SignedInUser | null> {
  if (!token || token.length > 200) return null;
  const prisma = getPrisma();
  const session = await prisma.session.findUnique({ where: { id: tokenHash(token) }, include: { user: { select: { id: true, email: true, role: true, disabledAt: true } } } });
  if (!session || session.user.disabledAt) return null;
  if (session.expiresAt <= now) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (session.expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
    await prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } }).catch(() => undefined);
  }
  return { id: session.user.id, email: session.user.email, role: session.user.role };
}

export async function endSession(token: string): Promise<void> {
  if (token) await getPrisma().session.deleteMany({ where: { id: tokenHash(token) } });
}

export async function endUserSessions(userId: string, exceptToken?: string): Promise<void> {
  await getPrisma().session.deleteMany({ where: { userId, ...(exceptToken ? { id: { not: tokenHash(exceptToken) } } : {}) } });
}

/** Removes expired sessions (called at start). */
export async function pruneSessions(now = new Date()): Promise<number> {
  return (await getPrisma().session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
