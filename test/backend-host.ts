// Test fixture: the app's backend (database, run manager, built-in mock) without the web
// server, in DATA_DIR argv[2] on PG_PORT argv[3]. With "launch" it starts a long run against
// the built-in mock and prints "run <id>"; it stops like `npm start` on SIGTERM.
import '../scripts/server-process'; // the app's server modules may load (see there)
import { startBackend } from '../lib/backend';
import { runConfigSchema } from '../lib/runner/config';

const [dataDir, pgPort, mode] = process.argv.slice(2);

async function main() {
  const backend = await startBackend({ dataDir, pgPort: Number(pgPort), mockPort: 0, publicUrl: 'http://localhost:3000', log: () => undefined });
  process.on('SIGTERM', () => void backend.stop().then(() => process.exit(0)));
  if (mode === 'launch') {
    const url = `${backend.mock.url}/v1/chat/completions`;
    const config = runConfigSchema.parse({ target: { url }, load: { model: 'closed', users: 4 }, durationMs: 120_000, warmupMs: 0 });
    const { runIds } = await backend.runs.launch({ config, target: { id: null, name: 'mock', url }, labels: { tags: ['survival'] } });
    console.log(`run ${runIds[0]}`);
  } else {
    console.log('ready');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
