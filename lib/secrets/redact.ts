/**
 * Targets sometimes echo the secrets they were sent (an "invalid API key: sk-…" error page,
 * sometimes base64- or URL-encoded, sometimes in part). Any text from a target that is shown or
 * stored (failure samples, connection-test previews) has them replaced first: the secret and its
 * common encodings (base64, base64url, hex, URL-encoded), any 8 or more characters of them, and
 * a secret cut short at the end of a truncated sample.
 */
export const REDACTED = '[API key]';

/** Shorter runs of a secret's characters are too common to redact on their own. */
const MIN_PART = 8;
const MIN_TAIL = 4;

function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase(), encodeURIComponent(secret)];
  // base64 padding varies with where an echo starts; the padded tail is not part of the match.
  return [...new Set(forms.map((form) => form.replace(/=+$/, '')))];
}

export function redactSecret(text: string, secret: string | undefined): string {
  return redactSecrets(text, [secret]);
}

export function redactSecrets(text: string, secrets: (string | undefined)[]): string {
  const needles = secrets.filter((s): s is string => !!s && s.length >= MIN_TAIL).flatMap(encodings);
  if (needles.length === 0) return text;
  const covered = new Uint8Array(text.length);
  for (const needle of needles) {
    const part = Math.min(MIN_PART, needle.length);
    for (let start = 0; start + part <= needle.length; start++) {
      const window = needle.slice(start, start + part);
      for (let at = text.indexOf(window); at !== -1; at = text.indexOf(window, at + 1)) covered.fill(1, at, at + part);
    }
    // A sample cut short can end in the first few characters of a secret.
    for (let keep = Math.min(part - 1, text.length); keep >= MIN_TAIL; keep--) {
      if (text.endsWith(needle.slice(0, keep))) {
        covered.fill(1, text.length - keep);
        break;
      }
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED;
  }
  return out;
}
