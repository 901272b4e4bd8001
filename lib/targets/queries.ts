/**
 * Reads about targets for the UI. These never select TargetSecret: the API key stays
 * out of every read path that can reach a page.
 */
import { getPrisma } from '../db/client';

export const targetPublicFields = {
  id: true,
  name: true,
  baseUrl: true,
  apiFlavour: true,
  defaultModel: true,
  extraHeaders: true,
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

/** Server-side only: the target with its key, for sending requests. */
export async function getTargetWithSecret(id: string) {
  return getPrisma().target.findUnique({ where: { id }, include: { secret: true } });
}
