/** How big a run's requests get: the body of its largest one, in bytes (checked against server limits before it starts). */
import type { RunConfig } from './config';
import { createPromptSource } from './prompts';
import { protocolFor } from './protocols';

export function largestRequestBytes(config: RunConfig): number {
  const { prompt } = config;
  const longest =
    prompt.kind === 'list' ? (prompt.prompts ?? []).reduce((a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a), '') : createPromptSource({ ...prompt, cacheBust: false }).next();
  const body = protocolFor(config).buildRequest(`${prompt.cacheBust ? `${'0'.repeat(36)} ` : ''}${longest}`).body;
  return Buffer.byteLength(body ?? '');
}
