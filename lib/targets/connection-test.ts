/** "Test connection": one request to a target, reporting status, latency and the first bytes. */
import { runConfigSchema } from '../runner/config';
import { protocolFor } from '../runner/protocols';
import { endpointUrl, flavourFromDb } from './endpoint';

export interface ConnectionTestResult {
  ok: boolean;
  url: string;
  status?: number;
  latencyMs?: number;
  preview?: string;
  error?: string;
}

interface TargetForTest {
  baseUrl: string;
  apiFlavour: string;
  defaultModel: string | null;
  extraHeaders: unknown;
  secret: { apiKey: string } | null;
}

export async function testConnection(target: TargetForTest, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  const flavour = flavourFromDb(target.apiFlavour);
  const url = endpointUrl(target.baseUrl, flavour);
  const config = runConfigSchema.parse({
    target: { url, flavour, model: target.defaultModel || 'mock-gpt', headers: target.extraHeaders ?? {}, method: 'GET' },
    load: { model: 'closed', users: 1 },
    requests: 1,
    maxTokens: 16,
  });
  const spec = protocolFor(config).buildRequest('Say hello in five words.');
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: spec.method,
      headers: { ...spec.headers, ...config.target.headers, ...(target.secret ? { authorization: `Bearer ${target.secret.apiKey}` } : {}) },
      body: spec.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = await response.text();
    return { ok: response.ok, url, status: response.status, latencyMs: Math.round((performance.now() - started) * 10) / 10, preview: text.slice(0, 300) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no reply within ${timeoutMs / 1000} s` : cause?.code ?? cause?.message ?? String(error);
    return { ok: false, url, error: reason };
  }
}
