/** Re-encrypts every saved API key and secret-header set with the current SECRET_KEY (reading with any known key). */
import 'server-only';
import type { PrismaClient } from '../db/generated/client';
import { decryptSecret, encryptSecret } from './cipher';

export async function rotateSecrets(prisma: PrismaClient, keys: { current: Buffer; all: Buffer[] }): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const secrets = await tx.targetSecret.findMany();
    const again = (stored: string | null) => (stored === null ? null : encryptSecret(decryptSecret(stored, keys.all), keys.current));
    for (const secret of secrets) {
      await tx.targetSecret.update({ where: { targetId: secret.targetId }, data: { apiKey: again(secret.apiKey), headers: again(secret.headers) } });
    }
    return secrets.length;
  });
}
