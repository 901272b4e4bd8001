/** Re-encrypts every saved API key with the current SECRET_KEY (reading with any known key). */
import 'server-only';
import type { PrismaClient } from '../db/generated/client';
import { decryptSecret, encryptSecret } from './cipher';

export async function rotateSecrets(prisma: PrismaClient, keys: { current: Buffer; all: Buffer[] }): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const secrets = await tx.targetSecret.findMany();
    for (const secret of secrets) {
      const apiKey = encryptSecret(decryptSecret(secret.apiKey, keys.all), keys.current);
      await tx.targetSecret.update({ where: { targetId: secret.targetId }, data: { apiKey } });
    }
    return secrets.length;
  });
}
