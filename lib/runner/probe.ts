/**
 * One request, as a run would send it, before any load: does the target answer at all? Used by
 * "Test connection" and before every run (an unreachable target is refused at launch, not
 * hammered for the whole run). Connects to the config's pinned address when it has one;
 * redirects are reported, never followed.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { redactSecrets } from '../secrets/redact';
import { credentialHeaders, secretValues, type RunConfig } from './config';
import { protocolFor } from './protocols';

export interface ProbeResult {
  ok: boolean;
  url: string;
  status?: number;
  latencyMs?: number;
  preview?: string;
  /** Nothing answered (refused, reset, unresolvable, no reply in time): a run would measure nothing. */
  unreachable?: boolean;
  error?: string;
}

const PREVIEW_BYTES = 300;

export function probe(config: RunConfig, timeoutMs = 10_000): Promise<ProbeResult> {
  const url = config.target.url;
  const spec = protocolFor(config).buildRequest('Say hello in five words.');
  const headers = { ...spec.headers, ...config.target.headers, ...credentialHeaders(config.target) };
  const address = config.target.address;
  const started = performance.now();
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.request(
      url,
      {
        method: spec.method,
        headers,
        timeout: timeoutMs,
        // Connect to the approved address, whatever DNS says now.
        ...(address ? { lookup: (_host: string, _options: unknown, callback: (error: null, addresses: { address: string; family: number }[]) => void) => callback(null, [{ address, family: net.isIP(address) }]) } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < PREVIEW_BYTES + 1024) chunks.push(chunk); // room to find a key that straddles the cut
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({
            ok: (response.statusCode ?? 0) < 400,
            url,
            status: response.statusCode,
            latencyMs: Math.round((performance.now() - started) * 10) / 10,
            preview: redactSecrets(Buffer.concat(chunks).toString('utf8'), secretValues(config.target)).slice(0, PREVIEW_BYTES),
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no reply within ${timeoutMs / 1000} s`), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, url, unreachable: true, error: explainConnectionError(error, address ?? new URL(url).hostname) }));
    request.end(spec.body);
  });
}

const CONNECTION_ERRORS: Record<string, (where: string) => string> = {
  ECONNREFUSED: (where) => `connection refused: nothing listens at ${where}`,
  ECONNRESET: () => 'the connection was reset before a reply',
  EHOSTUNREACH: () => 'the host cannot be reached',
  ENETUNREACH: () => 'the network cannot be reached',
  ENOTFOUND: () => 'the host name does not resolve',
  EAI_AGAIN: () => 'the host name could not be resolved (DNS did not answer)',
  DEPTH_ZERO_SELF_SIGNED_CERT: () => 'its TLS certificate is self-signed and not trusted (see README: NODE_EXTRA_CA_CERTS)',
  SELF_SIGNED_CERT_IN_CHAIN: () => 'its TLS certificate chain is not trusted (see README: NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => 'its TLS certificate cannot be verified (see README: NODE_EXTRA_CA_CERTS)',
  CERT_HAS_EXPIRED: () => 'its TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: () => 'its TLS certificate is for another host name',
};

/** What went wrong, in words, with the system's own message for reference. */
function explainConnectionError(error: NodeJS.ErrnoException, host: string): string {
  if (error.code === 'TIMEOUT') return error.message;
  const port = /:(\d+)$/.exec(error.message)?.[1];
  const words = error.code ? CONNECTION_ERRORS[error.code]?.(port ? `${host}:${port}` : host) : undefined;
  return words ? `${words} (${error.message})` : error.code ? `${error.code}: ${error.message}` : error.message;
}
