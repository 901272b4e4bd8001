// `SECRET_KEY_PREVIOUS=<old> SECRET_KEY=<new> npm run secrets:rotate`: re-encrypt every saved
// API key with the new key (README, "Security"). Uses DATABASE_URL or the embedded database.
import './require-node'; // first: refuses an old Node.js before anything else loads
import './server-process'; // the app's server modules may load (see there)
import { PrismaPg } from '@prisma/adapter-pg';
import { openDatabase } from '../lib/db/database';
import { PrismaClient } from '../lib/db/generated/client';
import { StartupError } from '../lib/db/startup-error';
import { parseEnv } from '../lib/env';
import { currentKeys } from '../lib/secrets/keys';
import { rotateSecrets } from '../lib/secrets/rotate';

async function main() {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new StartupError(`Invalid environment: ${parsed.problems.join('; ')}`, 'Correct the variables named above.');
  if (!process.env.SECRET_KEY || !process.env.SECRET_KEY_PREVIOUS) {
    throw new StartupError('Rotation needs the new key in SECRET_KEY and the old one in SECRET_KEY_PREVIOUS.', 'Run: SECRET_KEY_PREVIOUS=<old> SECRET_KEY=<new> npm run secrets:rotate');
  }
  const keys = currentKeys();
  const { env } = parsed;
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PG_PORT });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  try {
    const count = await rotateSecrets(prisma, keys);
    console.log(`Re-encrypted ${count} API key(s) with the new SECRET_KEY. Start the app with the new SECRET_KEY only.`);
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof StartupError ? error.format() : `✖ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
