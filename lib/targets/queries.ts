/**
 * Reads about targets for the UI. These never select TargetSecret: the API key stays
 * out of every read path that can reach a page.
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { decryptSecret } from '../secrets/cipher';
import { currentKeys } from '../secrets/keys';

export const targetPublicFields = {
  id: true,
  name: true,
  baseUrl: true,
  apiFlavour: true,
  defaultModel: true,
  extraHeaders: true,
  apiKeyHeader: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Targets for display: whether a key is saved, never the key. */
export async function listTargets() {
  const targets = await getPrisma().target.findMany({
    orderBy: { name: 'asc' },
    select: { ...targetPublicFields, secret: { select: { targetId: true } } },
  });
  return targets.map(({ secret, ...target }) => ({ ...target, hasApiKey: secret !== null }));
}

export type TargetSummary = Awaited<ReturnType<typeof listTargets>>[number];

/** Server-side only: the target with its key decrypted, for sending requests. */
export async function getTargetWithSecret(id: string) {
  const target = await getPrisma().target.findUnique({ where: { id }, include: { secret: true } });
  if (!target?.secret) return target;
  return { ...target, secret: { ...target.secret, apiKey: decryptSecret(target.secret.apiKey, currentKeys().all) } };
}
