/**
 * Reads about targets for the UI. These never select TargetSecret: the API key stays
 * out of every read path that can reach a page.
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { decryptSecret } from '../secrets/cipher';
import { currentKeys } from '../secrets/keys';
import { keyBinding } from './binding';
import { storedHeaders } from './endpoint';

export const targetPublicFields = {
  id: true,
  name: true,
  baseUrl: true,
  apiFlavour: true,
  defaultModel: true,
  extraHeaders: true,
  apiKeyHeader: true,
  overheadHeader: true,
  upstreamId: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Targets for display: whether a key is saved, never the key. */
export async function listTargets() {
  const targets = await getPrisma().target.findMany({
    orderBy: { name: 'asc' },
    select: { ...targetPublicFields, secret: { select: { apiKey: true, headers: true } } },
  });
  // Only whether secrets are saved leaves this function, never their (encrypted) values.
  return targets.map(({ secret, ...target }) => ({ ...target, hasApiKey: !!secret?.apiKey, hasSecretHeaders: !!secret?.headers }));
}

export type TargetSummary = Awaited<ReturnType<typeof listTargets>>[number];

/**
 * Server-side only: the target with its key and secret headers decrypted, for sending requests
 * — and only while it points where they were saved for (its binding).
 */
export async function getTargetWithSecret(id: string) {
  const found = await getPrisma().target.findUnique({ where: { id }, include: { secret: true } });
  if (!found) return null;
  const { secret, ...target } = found;
  if (!secret || secret.boundTo !== keyBinding(target.baseUrl, target.apiKeyHeader)) return { ...target, secret: null };
  const keys = currentKeys().all;
  return {
    ...target,
    secret: {
      boundTo: secret.boundTo,
      apiKey: secret.apiKey ? decryptSecret(secret.apiKey, keys) : undefined,
      headers: secret.headers ? storedHeaders(JSON.parse(decryptSecret(secret.headers, keys))) : {},
    },
  };
}
