/**
 * Opens the app's database: the server in DATABASE_URL when set, otherwise the embedded
 * PostgreSQL in DATA_DIR. Either way the migrations are applied before anything else.
 */
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations, type MigrationResult } from './migrate';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  migrations: MigrationResult;
  close(): Promise<void>;
  /** When close() cannot be waited for: what is left behind, in words (see EmbeddedDatabase.abandon). */
  abandon(): string;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  pgPort: number;
  onLog?: (line: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const migrations = await applyMigrations(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, migrations, close: async () => undefined, abandon: () => 'the PostgreSQL server in DATABASE_URL is not ours to stop' };
  }
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.pgPort, onLog: options.onLog });
  try {
    const migrations = await applyMigrations(server.url);
    return { url: server.url, embedded: true, migrations, close: () => server.stop(), abandon: () => server.abandon() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
