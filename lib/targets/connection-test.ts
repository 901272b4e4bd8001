/**
 * "Test connection": one request to a target — if the egress policy allows it, and to the
 * address it approved — reporting status, latency and the first bytes of the reply.
 * Redirects are reported, never followed.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { redactSecret } from '../secrets/redact';
import { checkEgress } from '../egress/allowlist';
import { egressPolicy } from '../egress/admin-hosts';
import { credentialHeaders, runConfigSchema } from '../runner/config';
import { protocolFor } from '../runner/protocols';
import { endpointUrl, flavourFromDb, storedHeaders, type TargetForRequests } from './endpoint';

export interface ConnectionTestResult {
  ok: boolean;
  url: string;
  status?: number;
  latencyMs?: number;
  preview?: string;
  error?: string;
}

const PREVIEW_BYTES = 300;

export async function testConnection(target: TargetForRequests, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  const flavour = flavourFromDb(target.apiFlavour);
  const url = endpointUrl(target.baseUrl, flavour);
  const decision = await checkEgress(url, await egressPolicy());
  if (!decision.ok) return { ok: false, url, error: decision.reason };
  const config = runConfigSchema.parse({
    target: { url, flavour, model: target.defaultModel || undefined, headers: storedHeaders(target.extraHeaders), method: 'GET' },
    load: { model: 'closed', users: 1 },
    requests: 1,
    maxTokens: 16,
  });
  const spec = protocolFor(config).buildRequest('Say hello in five words.');
  const headers = { ...spec.headers, ...config.target.headers, ...credentialHeaders({ apiKey: target.secret?.apiKey, apiKeyHeader: target.apiKeyHeader }) };
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
        lookup: (_host, _options, callback) => callback(null, [{ address: decision.address, family: net.isIP(decision.address) }] as never, undefined as never),
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
            preview: redactSecret(Buffer.concat(chunks).toString('utf8'), target.secret?.apiKey).slice(0, PREVIEW_BYTES),
          }),
        );
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no reply within ${timeoutMs / 1000} s`), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, url, error: explainConnectionError(error) }));
    request.end(spec.body);
  });
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens at that address and port',
  ECONNRESET: 'the connection was reset before a reply',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted (see README: NODE_EXTRA_CA_CERTS)',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted (see README: NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified (see README: NODE_EXTRA_CA_CERTS)',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

/** What went wrong, in words, with the system's own message for reference. */
function explainConnectionError(error: NodeJS.ErrnoException): string {
  if (error.code === 'TIMEOUT') return error.message;
  const words = error.code ? CONNECTION_ERRORS[error.code] : undefined;
  return words ? `${words} (${error.message})` : error.code ? `${error.code}: ${error.message}` : error.message;
}
