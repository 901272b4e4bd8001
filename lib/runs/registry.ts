/**
 * Where the server process keeps its RunManager. The start script creates it (outside the
 * Next.js bundle, so the engine's worker thread loads from source); server actions and route
 * handlers find it here through globalThis, which both module graphs share.
 */
import { processSlot } from '../process-slot';
import type { RunManager } from './manager';

const slot = processSlot<RunManager>('run-manager');

export function registerRunManager(manager: RunManager): void {
  slot.set(manager);
}

/** The manager, or undefined outside the app (tests of pages' data paths). */
export function findRunManager(): RunManager | undefined {
  return slot.get();
}

export function getRunManager(): RunManager {
  const manager = slot.get();
  if (!manager) throw new Error('The run manager is not running: start the app with `npm start`.');
  return manager;
}
