/**
 * The Next.js request an action runs in: who is asking, and their session cookie. This folder
 * (lib/actions) is the one part of lib that talks to Next; the rest of lib is framework-free.
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { cookieIsSecure } from '../auth/cookie';
import { authenticate, type Principal } from '../auth/principal';
import { SESSION_COOKIE } from '../auth/sessions';

export async function principalOfRequest(): Promise<Principal | null> {
  return authenticate(await headers());
}

export async function requestHeaders(): Promise<Headers> {
  return headers();
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
