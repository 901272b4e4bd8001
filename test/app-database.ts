/**
 * A migrated test database that the app's own getPrisma() uses (for code that reaches the
 * database through lib/db/client.ts rather than taking a client).
 */
import { applyMigrations } from '../lib/db/migrate';
import { disconnectPrisma, getPrisma } from '../lib/db/client';
import { createTestDatabase, type TestDatabase } from './database';

export async function useAppDatabase(serverUrl: string): Promise<TestDatabase> {
  const db = await createTestDatabase(serverUrl);
  await applyMigrations(db.url);
  await disconnectPrisma();
  process.env.DATABASE_URL = db.url;
  getPrisma();
  return {
    url: db.url,
    async drop() {
      await disconnectPrisma();
      await db.drop();
    },
  };
}
