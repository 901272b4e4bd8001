/**
 * Closed model: N users, each sending a request, waiting for the reply, optionally thinking
 * (Locust's `between(min, max)`), started at a spawn rate. A slow server slows the users
 * down, so it sees less load: the classic way a stall hides in closed-model results.
 */
import type { LoadConfig } from '../config';
import { after, sleep, type LoadDriver, type LoadState } from './driver';

type Closed = Extract<LoadConfig, { model: 'closed' }>;

export async function runClosedModel(load: Closed, driver: LoadDriver, state: LoadState): Promise<void> {
  const think = load.thinkTimeMs && load.thinkTimeMs.max > 0 ? load.thinkTimeMs : undefined;
  // Each user is a callback loop, not an async function: no promise per request.
  const user = () =>
    new Promise<void>((finished) => {
      state.activeUsers++;
      const next = () => {
        const now = performance.now();
        if (!driver.admit(now)) {
          state.activeUsers--;
          finished();
        } else {
          driver.send(now, afterReply);
        }
      };
      // A stop (end or cancel) cuts a think time short, so a 30 s think never holds the run open.
      const afterReply = think ? () => after(think.min + Math.random() * (think.max - think.min), driver.stopSignal, next) : next;
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
    users.push(user());
  }
  await Promise.all(users);
}
