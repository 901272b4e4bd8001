/**
 * Who is asking: from the session cookie (browsers) or an `Authorization: Bearer` API token
 * (scripts). Works on plain Headers so route handlers and tests need no framework context.
 */
import '../validation';
import { apiTokenUser } from './api-tokens';
import { hasRole, type Role } from './roles';
import { SESSION_COOKIE, sessionUser, type SignedInUser } from './sessions';

export interface Principal extends SignedInUser {
  via: 'session' | 'token';
}

export function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export async function authenticate(headers: Headers): Promise<Principal | null> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const user = match ? await apiTokenUser(match[1]) : null;
    return user ? { ...user, via: 'token' } : null;
  }
  const token = readCookie(headers, SESSION_COOKIE);
  const user = token ? await sessionUser(token) : null;
  return user ? { ...user, via: 'session' } : null;
}

export type Access = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; error: string };

/** The decision every route handler and server action makes before doing anything. */
export function access(principal: Principal | null, needed: Role, doing: string): Access {
  if (!principal) return { ok: false, status: 401, error: `sign in to ${doing}` };
  if (!hasRole(principal.role, needed)) {
    return { ok: false, status: 403, error: `your role (${principal.role}) cannot ${doing}: it needs ${needed}; ask an admin` };
  }
  return { ok: true, principal };
}

/**
 * Cookie-authenticated writes from route handlers must come from our own pages (server actions
 * get the same check from Next). Bearer tokens are not sent by browsers on their own.
 */
export function sameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (!origin) return headers.get('sec-fetch-site') !== 'cross-site';
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The route-handler check: who asks, whether their role may, and (for cookie writes) same origin. */
export async function authorizeRequest(request: Request, needed: Role, doing: string): Promise<Access> {
  const decision = access(await authenticate(request.headers), needed, doing);
  if (decision.ok && decision.principal.via === 'session' && request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request.headers)) {
    return { ok: false, status: 403, error: 'cross-site request refused: send it from the dashboard or with an API token' };
  }
  return decision;
}
