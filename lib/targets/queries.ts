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

export async function listTargets() {
  return getPrisma().target.findMany({ orderBy: { name: 'asc' }, select: targetPublicFields });
}

export type TargetSummary = Awaited<ReturnType<typeof listTargets>>[number];
