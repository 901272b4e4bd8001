// Starts one embedded PostgreSQL on a free port in a throwaway directory for the
// integration tests, applies the migrations, and removes it all afterwards.
import type { TestProject } from 'vitest/node';
import { openDatabase, type OpenDatabase } from './lib/db/database';
import { freePort } from './test/free-port';
import { makeTempDir, removeTempDir } from './test/temp-dir';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let db: OpenDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = makeTempDir('gateway-bench-test');
  db = await openDatabase({ dataDir, pgPort: await freePort() });
  project.provide('databaseUrl', db.url);
}

export async function teardown() {
  await db?.close();
  if (dataDir) removeTempDir(dataDir);
}
