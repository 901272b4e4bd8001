/**
 * A local path to return to after signing in, never another site: it must be a path on this
 * origin once a browser resolves it, so "//evil", "/\\evil" and "/<tab>/evil" (browsers drop
 * tabs and newlines from URLs) all fall back to "/". Control and whitespace characters are
 * refused outright.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length >= 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith('/') || /[\s\u0000-\u001f\u007f\\]/.test(next) || next.startsWith('//')) return '/';
  const base = 'http://gateway-bench.invalid';
  const resolved = new URL(next, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : '/';
}
