import { runConfigSchema } from './lib/runner/config';
import { runStage } from './lib/runner/stage';
(async () => {
  const config = runConfigSchema.parse({ target: { url: 'http://127.0.0.1:8200/', flavour: 'raw-http', method: 'GET' }, load: { model: 'closed', users: 50 }, durationMs: 5000 });
  const r = await runStage(config, 'x');
  console.log(r.rps);
})();
