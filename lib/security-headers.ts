/**
 * Headers every response carries: no framing (clickjacking), no MIME sniffing, and share-link
 * tokens never leave in a Referer. next.config.js sets them for Next's responses (a test checks
 * the two lists agree); the start script's live fast path sets them itself.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};
