// Test fixture: start the embedded PostgreSQL in argv[2] on port argv[3], say "ready", and
// wait to be killed (the orphaned-server test kills it with SIGKILL).
import { startEmbeddedPostgres } from '../lib/db/embedded';

const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port) }).then(() => {
  console.log('ready');
  setInterval(() => undefined, 60_000);
});
