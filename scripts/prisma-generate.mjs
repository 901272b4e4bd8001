// Runs `prisma generate` offline: generate never needs the schema engine, but without
// this variable the CLI tries to download it (and fails where there is no network).
import { spawnSync } from 'node:child_process';

const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/true';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate', '--schema', 'prisma/schema.prisma'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
