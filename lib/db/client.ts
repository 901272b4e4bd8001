/**
 * The one PrismaClient of this process, over node-postgres. DATABASE_URL is set by the
 * start script (embedded database) or by the user.
 */
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { CONNECT_TIMEOUT_MS, queryTimeoutMs } from './unavailable';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.prisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: start the app with `npm start`.');
    globalForPrisma.prisma = new PrismaClient({ adapter: new PrismaPg(poolConfig(connectionString)) });
  }
  return globalForPrisma.prisma;
}

export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.prisma?.$disconnect();
  globalForPrisma.prisma = undefined;
}

/**
 * Every wait on PostgreSQL is bounded, so a frozen or unreachable server makes requests fail
 * with a recognisable error (see ./unavailable) instead of hanging them: connecting (and
 * waiting for a free pooled connection), each query on the client side, and each statement
 * and idle transaction on the server side.
 */
export function poolConfig(connectionString: string) {
  const queryMs = queryTimeoutMs();
  return {
    connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: queryMs,
    statement_timeout: queryMs,
    idle_in_transaction_session_timeout: queryMs * 2,
    keepAlive: true,
  };
}
