/**
 * "Test connection": one request to a target — if the egress policy allows it, and to the
 * address it approved — reporting status, latency and the first bytes of the reply
 * (lib/runner/probe.ts). Redirects are reported, never followed.
 */
import { checkEgress } from '../egress/allowlist';
import { egressPolicy } from '../egress/admin-hosts';
import { runConfigSchema } from '../runner/config';
import { probe, type ProbeResult } from '../runner/probe';
import { endpointUrl, flavourFromDb, storedHeaders, type TargetForRequests } from './endpoint';

export type ConnectionTestResult = ProbeResult;

export async function testConnection(target: TargetForRequests, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  const flavour = flavourFromDb(target.apiFlavour);
  const url = endpointUrl(target.baseUrl, flavour);
  const decision = await checkEgress(url, await egressPolicy());
  if (!decision.ok) return { ok: false, url, error: decision.reason };
  const config = runConfigSchema.parse({
    target: {
      url,
      flavour,
      model: target.defaultModel || undefined,
      headers: storedHeaders(target.extraHeaders),
      method: 'GET',
      apiKey: target.secret?.apiKey,
      secretHeaders: target.secret?.headers,
      apiKeyHeader: target.apiKeyHeader ?? undefined,
      address: decision.address,
    },
    load: { model: 'closed', users: 1 },
    requests: 1,
    maxTokens: 16,
  });
  return probe(config, timeoutMs);
}
