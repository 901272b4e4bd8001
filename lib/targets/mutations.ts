/** Writes to targets. The API key and secret headers go to TargetSecret only, encrypted, bound to the target's origin, and never come back out. */
import { getPrisma } from '../db/client';
import { Prisma } from '../db/generated/client';
import { encryptSecret } from '../secrets/cipher';
import { currentKeys } from '../secrets/keys';
import { keyBinding } from './binding';
import { flavourToDb } from './endpoint';
import type { TargetForm } from './schema';

export class TargetNameTaken extends Error {}

/** The upstream named is not a target one may forward to: itself, gone, or one that forwards back here. */
export class BadUpstream extends Error {}

/** A target's upstream must exist, not be itself, and not lead back to it (A → B → A). */
async function checkUpstream(tx: Prisma.TransactionClient | ReturnType<typeof getPrisma>, id: string | null, upstreamId: string | null): Promise<void> {
  if (!upstreamId) return;
  if (upstreamId === id) throw new BadUpstream('a target cannot be its own upstream: choose the model server it forwards to');
  const upstream = await tx.target.findUnique({ where: { id: upstreamId }, select: { upstreamId: true, name: true } });
  if (!upstream) throw new BadUpstream('that upstream target no longer exists; choose another');
  if (id && upstream.upstreamId === id) throw new BadUpstream(`"${upstream.name}" already forwards to this target: an upstream cannot lead back`);
}

/** Keys are stored encrypted (lib/secrets). */
const sealed = (apiKey: string) => encryptSecret(apiKey, currentKeys().current);

const fields = (form: TargetForm) => ({
  name: form.name,
  baseUrl: form.baseUrl,
  apiFlavour: flavourToDb(form.apiFlavour),
  defaultModel: form.defaultModel || null,
  extraHeaders: form.headers,
  apiKeyHeader: form.keyHeader,
  overheadHeader: form.overheadHeader,
  upstreamId: form.upstreamId,
});

const hasSecretHeaders = (form: TargetForm) => Object.keys(form.secretHeaders).length > 0;

export async function createTarget(form: TargetForm): Promise<string> {
  const secret = form.apiKey || hasSecretHeaders(form)
    ? { create: { apiKey: form.apiKey ? sealed(form.apiKey) : null, headers: hasSecretHeaders(form) ? sealed(JSON.stringify(form.secretHeaders)) : null, boundTo: keyBinding(form.baseUrl, form.keyHeader) } }
    : undefined;
  try {
    // One statement, as before upstreams: no interactive transaction to hold open if the database stalls.
    await checkUpstream(getPrisma(), null, form.upstreamId);
    const target = await getPrisma().target.create({ data: { ...fields(form), ...(secret ? { secret } : {}) }, select: { id: true } });
    return target.id;
  } catch (error) {
    throw nameTaken(error) ? new TargetNameTaken() : error;
  }
}

/**
 * Saves an edit. A saved key and secret headers stay only while the target points where they
 * were saved for (scheme, host, port, key header): otherwise they are dropped unless typed
 * again, so no one can redirect a saved key to a host of their choosing.
 */
export async function updateTarget(id: string, form: TargetForm): Promise<{ droppedSecrets: boolean }> {
  const prisma = getPrisma();
  try {
    return await prisma.$transaction(async (tx) => {
      await checkUpstream(tx, id, form.upstreamId);
      const saved = await tx.targetSecret.findUnique({ where: { targetId: id } });
      await tx.target.update({ where: { id }, data: fields(form) });
      const boundTo = keyBinding(form.baseUrl, form.keyHeader);
      const moved = saved !== null && saved.boundTo !== boundTo;
      const keep = (stored: string | null | undefined) => (moved ? null : (stored ?? null));
      const apiKey = form.removeApiKey ? null : form.apiKey ? sealed(form.apiKey) : keep(saved?.apiKey);
      const headers = form.removeSecretHeaders ? null : hasSecretHeaders(form) ? sealed(JSON.stringify(form.secretHeaders)) : keep(saved?.headers);
      if (apiKey === null && headers === null) await tx.targetSecret.deleteMany({ where: { targetId: id } });
      else await tx.targetSecret.upsert({ where: { targetId: id }, create: { targetId: id, apiKey, headers, boundTo }, update: { apiKey, headers, boundTo } });
      const dropped = moved && ((saved.apiKey !== null && !form.apiKey && !form.removeApiKey) || (saved.headers !== null && !hasSecretHeaders(form) && !form.removeSecretHeaders));
      return { droppedSecrets: dropped };
    });
  } catch (error) {
    throw nameTaken(error) ? new TargetNameTaken() : error;
  }
}

export async function deleteTarget(id: string): Promise<void> {
  await getPrisma().target.deleteMany({ where: { id } });
}

/** Upserts a target by name (the built-in mock), keeping its id stable across starts. */
export async function ensureTarget(form: Omit<TargetForm, 'apiKey' | 'removeApiKey' | 'secretHeaders' | 'removeSecretHeaders'>): Promise<void> {
  const data = fields({ ...form, apiKey: '', removeApiKey: false, secretHeaders: {}, removeSecretHeaders: false });
  await getPrisma().target.upsert({ where: { name: form.name }, create: data, update: { baseUrl: data.baseUrl } });
}

function nameTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
