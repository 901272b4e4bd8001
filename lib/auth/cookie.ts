/**
 * Whether the session cookie gets the Secure flag. COOKIE_SECURE=always|never|auto (default
 * auto): Secure when the browser reached us over HTTPS (directly or per X-Forwarded-Proto) or
 * on a loopback host, where browsers accept Secure cookies over plain HTTP. Plain HTTP to any
 * other host cannot keep a Secure cookie, so auto leaves it off there: put TLS in front.
 */
export function cookieIsSecure(headers: Headers, setting = process.env.COOKIE_SECURE ?? 'auto'): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  if ((headers.get('x-forwarded-proto') ?? '').split(',')[0].trim() === 'https') return true;
  const host = (headers.get('x-forwarded-host') ?? headers.get('host') ?? '').replace(/:\d+$/, '');
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** The client's address as the server decided it (set by scripts/start.ts, which drops any value a client sent). */
export const CLIENT_ADDRESS_HEADER = 'x-gb-client-address';

/**
 * The client's address: the TCP peer, or — behind TRUST_PROXY reverse proxies — the address
 * the outermost trusted proxy saw (that many entries from the right of X-Forwarded-For).
 */
export function clientAddressOf(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  if (trustedProxies > 0 && hops.length >= trustedProxies) return hops[hops.length - trustedProxies];
  return peer ?? 'unknown';
}

export function clientAddress(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
