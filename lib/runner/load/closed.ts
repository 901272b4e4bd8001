/**
 * Closed model: N users, each sending a request, waiting for the reply, optionally thinking
 * (Locust's `between(min, max)`), started at a spawn rate. A slow server slows the users
 * down, so it sees less load: the classic way a stall hides in closed-model results.
 */
import type { LoadConfig } from '../config';
import type { RequestOutcome } from '../metrics/recorder';
import { after, sleep, type LoadDriver, type LoadState } from './driver';

type Closed = Extract<LoadConfig, { model: 'closed' }>;

const CONNECTION_FAILURES = new Set(['connection_refused', 'connection_reset', 'connection_error']);
const FIRST_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 1000;

export async function runClosedModel(load: Closed, driver: LoadDriver, state: LoadState): Promise<void> {
  const think = load.thinkTimeMs && load.thinkTimeMs.max > 0 ? load.thinkTimeMs : undefined;
  // Each user is a callback loop, not an async function: no promise per request.
  const user = (index: number) =>
    new Promise<void>((finished) => {
      state.activeUsers++;
      let backoffMs = 0;
      const next = () => {
        const now = performance.now();
        if (!driver.admit(now)) {
          state.activeUsers--;
          finished();
        } else {
          driver.send(now, afterReply, index);
        }
      };
      // A stop (end or cancel) cuts a think time short, so a 30 s think never holds the run open.
      const thinkThen = think ? () => after(think.min + Math.random() * (think.max - think.min), driver.stopSignal, next) : next;
      const afterReply = (outcome: RequestOutcome) => {
        // Nothing answered: back off (25 ms, doubling to 1 s) instead of reconnecting in a tight loop.
        backoffMs = CONNECTION_FAILURES.has(outcome.failureClass ?? '') ? Math.min(MAX_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, backoffMs * 2)) : 0;
        if (backoffMs > 0) after(backoffMs, driver.stopSignal, thinkThen);
        else thinkThen();
      };
      next();
    });

  const users: Promise<void>[] = [];
  const spacingMs = load.spawnRate > 0 ? 1000 / load.spawnRate : 0;
  for (let i = 0; i < load.users && !driver.stopped; i++) {
    if (spacingMs > 0) {
      const due = driver.startAt + i * spacingMs;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait, driver.stopSignal);
    }
    users.push(user(i));
  }
  await Promise.all(users);
}
