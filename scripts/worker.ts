/**
 * `npm run worker`: a load worker for split runs (README, "Scale out"). Needs DATABASE_URL (the
 * app's PostgreSQL) and SECRET_KEY (the app's, to read target keys); reaches the targets itself.
 */
import './require-node'; // first: refuses an old Node.js before anything else loads
import './server-process';
import { disconnectPrisma } from '../lib/db/client';
import { startWorkerAgent } from '../lib/workers/agent';

const log = (message: string) => console.log(`[worker] ${message}`);

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('[worker] DATABASE_URL is not set: point it at the PostgreSQL server the app uses (postgresql://user:password@host:5432/db).');
    process.exit(2);
  }
  if (!process.env.SECRET_KEY) console.warn('[worker] SECRET_KEY is not set: targets with an API key cannot be run by this worker (set it to the app\'s key).');
  const agent = await startWorkerAgent({ databaseUrl, name: process.env.WORKER_NAME, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (a share in progress ends with what it measured)…`);
    await agent.stop();
    await disconnectPrisma().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('[worker] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
