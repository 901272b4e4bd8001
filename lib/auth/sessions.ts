/**
 * Browser sessions: the cookie carries a random token, the database its SHA-256. Sessions last
 * SESSION_TTL and are extended when used in their second half; signing out, disabling the
 * user or changing their password ends them.
 *
 * A checked session is remembered in memory for up to CHECK_CACHE_MS (a live page polls every
 * second); every change made through the app (sign-out, disable, role or password change)
 * forgets it at once, so the cache only delays changes made to the database by hand.
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { ProcessCache } from '../process-cache';
import type { Role } from './roles';
import { randomToken, tokenHash } from './tokens';

export const SESSION_COOKIE = 'gb_session';
export const SESSION_TTL_MS = 7 * 24 * 3600_000;
export const CHECK_CACHE_MS = 30_000;

/** Checked sessions by token hash: their user and when the session expires. */
const checked = new ProcessCache<{ user: SignedInUser; expiresAt: number }>('session-cache', CHECK_CACHE_MS);

/** Forget the cached checks of a user's sessions (after any change to the user). */
export function forgetUser(userId: string): void {
  checked.deleteWhere((entry) => entry.user.id === userId);
}

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
  const id = tokenHash(token);
  const cached = checked.get(id, now.getTime());
  if (cached && cached.expiresAt > now.getTime()) return cached.user;
  const prisma = getPrisma();
  const session = await prisma.session.findUnique({ where: { id }, include: { user: { select: { id: true, email: true, role: true, disabledAt: true } } } });
  if (!session || session.user.disabledAt) return null;
  if (session.expiresAt <= now) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  let expiresAt = session.expiresAt;
  if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await prisma.session.update({ where: { id: session.id }, data: { expiresAt } }).catch(() => undefined);
  }
  const user: SignedInUser = { id: session.user.id, email: session.user.email, role: session.user.role };
  checked.set(id, { user, expiresAt: expiresAt.getTime() }, now.getTime());
  return user;
}

export async function endSession(token: string): Promise<void> {
  if (!token) return;
  checked.delete(tokenHash(token));
  await getPrisma().session.deleteMany({ where: { id: tokenHash(token) } });
}

export async function endUserSessions(userId: string, exceptToken?: string): Promise<void> {
  forgetUser(userId);
  await getPrisma().session.deleteMany({ where: { userId, ...(exceptToken ? { id: { not: tokenHash(exceptToken) } } : {}) } });
}

/** A user's sessions, newest first, marking the one `currentToken` belongs to. */
export async function listUserSessions(userId: string, currentToken?: string) {
  const current = currentToken ? tokenHash(currentToken) : undefined;
  const rows = await getPrisma().session.findMany({ where: { userId, expiresAt: { gt: new Date() } }, orderBy: { createdAt: 'desc' }, select: { id: true, createdAt: true, expiresAt: true } });
  return rows.map((row) => ({ createdAt: row.createdAt, expiresAt: row.expiresAt, current: row.id === current }));
}

/** Removes expired sessions (called at start). */
export async function pruneSessions(now = new Date()): Promise<number> {
  return (await getPrisma().session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
