// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import './require-node'; // first: refuses an old Node.js before anything else loads
import './server-process'; // the app's server modules may load (see there)
import { openDatabase } from '../lib/db/database';
import { StartupError } from '../lib/db/startup-error';
import { parseEnv } from '../lib/env';

async function main() {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new StartupError(`Invalid environment: ${parsed.problems.join('; ')}`, 'Correct the variables named above.');
  const { env } = parsed;
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PG_PORT });
  await db.close();
  const { applied, total } = db.migrations;
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
  console.log(`${total} migration(s) in prisma/migrations.`);
}

main().catch((error) => {
  console.error(error instanceof StartupError ? error.format() : error);
  process.exit(1);
});
