/** Writes to targets. The API key goes to TargetSecret only, encrypted, and never comes back out. */
import { getPrisma } from '../db/client';
import { Prisma } from '../db/generated/client';
import { encryptSecret } from '../secrets/cipher';
import { currentKeys } from '../secrets/keys';
import { flavourToDb } from './endpoint';
import type { TargetForm } from './schema';

export class TargetNameTaken extends Error {}

/** Keys are stored encrypted (lib/secrets). */
const sealed = (apiKey: string) => encryptSecret(apiKey, currentKeys().current);

const fields = (form: TargetForm) => ({
  name: form.name,
  baseUrl: form.baseUrl,
  apiFlavour: flavourToDb(form.apiFlavour),
  defaultModel: form.defaultModel || null,
  extraHeaders: form.headers,
  apiKeyHeader: form.keyHeader,
});

export async function createTarget(form: TargetForm): Promise<string> {
  try {
    const target = await getPrisma().target.create({
      data: { ...fields(form), ...(form.apiKey ? { secret: { create: { apiKey: sealed(form.apiKey) } } } : {}) },
      select: { id: true },
    });
    return target.id;
  } catch (error) {
    throw nameTaken(error) ? new TargetNameTaken() : error;
  }
}

export async function updateTarget(id: string, form: TargetForm): Promise<void> {
  const prisma = getPrisma();
  try {
    await prisma.$transaction(async (tx) => {
      await tx.target.update({ where: { id }, data: fields(form) });
      if (form.removeApiKey) await tx.targetSecret.deleteMany({ where: { targetId: id } });
      else if (form.apiKey) {
        const apiKey = sealed(form.apiKey);
        await tx.targetSecret.upsert({ where: { targetId: id }, create: { targetId: id, apiKey }, update: { apiKey } });
      }
    });
  } catch (error) {
    throw nameTaken(error) ? new TargetNameTaken() : error;
  }
}

export async function deleteTarget(id: string): Promise<void> {
  await getPrisma().target.deleteMany({ where: { id } });
}

/** Upserts a target by name (the built-in mock), keeping its id stable across starts. */
export async function ensureTarget(form: Omit<TargetForm, 'apiKey' | 'removeApiKey'>): Promise<void> {
  const data = fields({ ...form, apiKey: '', removeApiKey: false });
  await getPrisma().target.upsert({ where: { name: form.name }, create: data, update: { baseUrl: data.baseUrl } });
}

function nameTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
