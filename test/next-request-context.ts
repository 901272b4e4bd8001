/**
 * Next's request context (headers, cookies) for tests that call server actions directly:
 * `vi.mock('next/headers', () => import('@/test/next-request-context'))` in the test,
 * then `actAs(...)` before each call. Only the request context is supplied; the action and
 * everything under it are the real code.
 */
export const requestContext = { headers: new Headers(), cookies: new Map<string, string>() };

export async function headers(): Promise<Headers> {
  return requestContext.headers;
}

export async function cookies() {
  return {
    get: (name: string) => (requestContext.cookies.has(name) ? { name, value: requestContext.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => void requestContext.cookies.set(name, value),
    delete: (name: string) => void requestContext.cookies.delete(name),
  };
}

/** The next action runs as the holder of this session (none: signed out), from this client address. */
export function actAs(sessionToken: string | undefined, extraHeaders: Record<string, string> = {}): void {
  requestContext.cookies = new Map(sessionToken ? [['gb_session', sessionToken]] : []);
  requestContext.headers = new Headers({ host: '127.0.0.1:3000', ...extraHeaders });
  if (sessionToken) requestContext.headers.set('cookie', `gb_session=${sessionToken}`);
}
