/**
 * Where the server process keeps its RunManager. The start script creates it (outside the
 * Next.js bundle, so the engine's worker thread loads from source); server actions and route
 * handlers find it here through globalThis, which both module graphs share.
 */
import type { RunManager } from './manager';

const KEY = Symbol.for('gateway-bench.run-manager');
type Holder = { [KEY]?: RunManager };

export function registerRunManager(manager: RunManager): void {
  (globalThis as Holder)[KEY] = manager;
}

/** The manager, or undefined outside the app (tests of pages' data paths). */
export function findRunManager(): RunManager | undefined {
  return (globalThis as Holder)[KEY];
}

export function getRunManager(): RunManager {
  const manager = (globalThis as Holder)[KEY];
  if (!manager) throw new Error('The run manager is not running: start the app with `npm start`.');
  return manager;
}
