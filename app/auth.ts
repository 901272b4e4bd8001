/**
 * The request's signed-in user for pages and server actions (route handlers use
 * lib/auth/principal.ts on their Request). Every page and action calls one of these first.
 */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { cookieIsSecure } from '@/lib/auth/cookie';
import { access, authenticate, type Access, type Principal } from '@/lib/auth/principal';
import type { Role } from '@/lib/auth/roles';
import { SESSION_COOKIE } from '@/lib/auth/sessions';

/** Once per request, however many components ask. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => authenticate(await headers()));

/** For pages: the signed-in user, or a redirect to sign in and come back to `path` (with its query). */
export async function requireSignedIn(path: string, query: Record<string, string | string[] | undefined> = {}): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) {
    const search = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [v].flat().map((one) => [k, one]))));
    const back = search.size ? `${path}?${search}` : path;
    redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  }
  return principal;
}

/** For server actions: may the caller do this? */
export async function actionAccess(needed: Role, doing: string): Promise<Access> {
  return access(await currentPrincipal(), needed, doing);
}

export async function setSessionCookie(token: string, expires: Date): Promise<void> {
  const secure = cookieIsSecure(await headers());
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/** A local path to return to after signing in (never another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length < 2000 ? next : '/';
}

/**
 * For form actions that return nothing: the caller, or a redirect (to sign in, or back to
 * `backTo` with the reason as a notice).
 */
export async function requireActionRole(needed: Role, doing: string, backTo: string): Promise<Principal> {
  const decision = await actionAccess(needed, doing);
  if (decision.ok) return decision.principal;
  if (decision.status === 401) redirect(`/sign-in?next=${encodeURIComponent(backTo)}`);
  redirect(`${backTo}${backTo.includes('?') ? '&' : '?'}notice=${encodeURIComponent(decision.error)}`);
}
