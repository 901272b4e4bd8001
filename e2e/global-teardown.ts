import fs from 'node:fs';

/** Runs after the web server has stopped: remove the throwaway database directory. */
export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes('gateway-bench-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
