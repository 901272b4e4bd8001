/** A PrismaClient on a test database (the app itself has exactly one, in lib/db/client.ts). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../lib/db/generated/client';

export function testPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
