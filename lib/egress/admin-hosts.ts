/**
 * Hosts an admin allows on the Settings page, on top of loopback and ALLOWED_TARGET_HOSTS.
 * The effective policy is built from both and remembered (on globalThis, shared by the start
 * script and the Next.js bundle) until an admin changes the list, or for at most 30 s.
 */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { ProcessCache } from '../process-cache';
import type { SignedInUser } from '../auth/sessions';
import { isForbiddenAddress, parsePolicy, type EgressPolicy } from './allowlist';
import { serverPolicy } from './server-policy';

const POLICY = 'policy';
const cache = new ProcessCache<EgressPolicy>('egress-policy', 30_000);

const entrySchema = z
  .string({ error: 'enter a host name, IP address or network' })
  .trim()
  .toLowerCase()
  .min(1, 'enter a host name, IP address or network')
  .max(255, 'use at most 255 characters');

/** The policy every target check uses: loopback, ALLOWED_TARGET_HOSTS and the admin's list. */
export async function egressPolicy(): Promise<EgressPolicy> {
  const cached = cache.get(POLICY);
  if (cached) return cached;
  const fromEnv = process.env.ALLOWED_TARGET_HOSTS ?? '';
  const rows = await getPrisma().allowedHost.findMany({ select: { entry: true } });
  const parsed = parsePolicy([fromEnv, ...rows.map((r) => r.entry)].filter(Boolean).join(','));
  // Entries are validated when added; should one still fail, the environment's policy stands.
  const policy = parsed.ok ? parsed.policy : serverPolicy().egress;
  cache.set(POLICY, policy);
  return policy;
}

export function listAllowedHosts() {
  return getPrisma().allowedHost.findMany({ orderBy: { entry: 'asc' }, select: { id: true, entry: true, createdAt: true, addedBy: { select: { email: true } } } });
}

export async function addAllowedHost(user: SignedInUser, input: unknown): Promise<{ ok: true; entry: string } | { ok: false; error: string }> {
  const parsed = entrySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const entry = parsed.data;
  const check = parsePolicy(entry);
  if (!check.ok) return { ok: false, error: check.error.replace('ALLOWED_TARGET_HOSTS: ', '') };
  const [address] = entry.split('/');
  if (/^[\d.:a-f/]+$/.test(entry) && isForbiddenAddress(check.policy.forbidden, address)) {
    return { ok: false, error: `${entry} is a link-local or cloud-metadata address; those are always refused` };
  }
  const prisma = getPrisma();
  if (await prisma.allowedHost.findUnique({ where: { entry } })) return { ok: false, error: `${entry} is already allowed` };
  await prisma.allowedHost.create({ data: { entry, addedById: user.id } });
  cache.delete(POLICY);
  return { ok: true, entry };
}

export async function removeAllowedHost(id: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, error: 'unknown entry; reload the page' };
  const removed = await getPrisma().allowedHost.deleteMany({ where: { id: parsed.data } });
  cache.delete(POLICY);
  return removed.count ? { ok: true } : { ok: false, error: 'this entry was already removed' };
}
