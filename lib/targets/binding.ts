/**
 * Where a target's saved secrets may be sent: the scheme, host and port they were saved for,
 * and the header the key goes in. Edit a target to point elsewhere and its secrets are dropped
 * (unless typed again); a run sends them only to that origin. The same form is computed in SQL
 * by the migration that introduced it.
 */
export function keyBinding(url: string, keyHeader: string | null | undefined): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  const port = parsed.port || (scheme === 'https' ? '443' : '80');
  return `${scheme}://${parsed.hostname.toLowerCase()}:${port}|${(keyHeader ?? 'authorization').toLowerCase()}`;
}
