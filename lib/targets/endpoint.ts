/**
 * A target's endpoint: the URL requests go to, from its base URL and API flavour. A base
 * URL may be given with or without /v1, or already as the full endpoint.
 */
import { z } from 'zod';
import type { ApiFlavour } from '../runner/defaults';

const SUFFIX: Record<Exclude<ApiFlavour, 'raw-http'>, string> = {
  'openai-chat': '/chat/completions',
  'openai-completions': '/completions',
  'openai-embeddings': '/embeddings',
};

/** What sending requests to a target needs (its key decrypted: server side only). */
export interface TargetForRequests {
  baseUrl: string;
  apiFlavour: string;
  defaultModel: string | null;
  extraHeaders: unknown;
  apiKeyHeader?: string | null;
  /** The header the gateway reports its own overhead in (null: LiteLLM's). */
  overheadHeader?: string | null;
  secret: { apiKey?: string; headers: Record<string, string> } | null;
}

export function endpointUrl(baseUrl: string, flavour: ApiFlavour): string {
  if (flavour === 'raw-http') return baseUrl;
  const url = new URL(baseUrl);
  const suffix = SUFFIX[flavour];
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(suffix)) return url.toString();
  url.pathname = path.endsWith('/v1') ? `${path}${suffix}` : `${path}/v1${suffix}`;
  return url.toString();
}

/** The database enum spells flavours with underscores; everything else with hyphens. */
export const flavourFromDb = (value: string) => value.replaceAll('_', '-') as ApiFlavour;
export const flavourToDb = (value: ApiFlavour) => value.replaceAll('-', '_') as 'openai_chat' | 'openai_completions' | 'openai_embeddings' | 'raw_http';

const storedHeadersSchema = z.record(z.string(), z.string());

/** A target's extra headers as stored (a JSON column), typed; none when the value does not fit. */
export function storedHeaders(json: unknown): Record<string, string> {
  const parsed = storedHeadersSchema.safeParse(json ?? {});
  return parsed.success ? parsed.data : {};
}
