/**
 * Targets sometimes echo the key they were sent (an "invalid API key: sk-…" error page). Any
 * text from a target that is shown or stored (failure samples, connection-test previews) has
 * the key replaced first, including a key cut short at the end of a truncated sample.
 */
export const REDACTED = '[API key]';

export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  let out = text.split(secret).join(REDACTED);
  for (let keep = Math.min(secret.length - 1, out.length); keep >= 4; keep--) {
    if (out.endsWith(secret.slice(0, keep))) {
      out = out.slice(0, out.length - keep) + REDACTED;
      break;
    }
  }
  return out;
}
