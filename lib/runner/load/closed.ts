/**
 * Closed model: N users, each sending a request, waiting for the reply, optionally thinking
 * (Locust's `between(min, max)`), started at a spawn rate. A slow server slows the users
 * down, so it sees less load: the classic way a stall hides in closed-model results.
 */
import type { LoadConfig } from '../config';
import { sleep, type LoadDriver, type LoadState } from './driver';

type Closed = Extract<LoadConfig, { model: 'closed' }>;

export async function runClosedModel(load: Closed, driver: LoadDriver, state: LoadState): Promise<void> {
  const think = load.thinkTimeMs;
  const user = async () => {
    state.activeUsers++;
    try {
      for (;;) {
        const now = performance.now();
        if (!driver.admit(now)) return;
        await driver.send(now);
        if (think && think.max > 0) await sleep(think.min + Math.random() * (think.max - think.min));
      }
    } finally {
      state.activeUsers--;
    }
  };

  const users: Promise<void>[] = [];
  const spacingMs = load.spawnRate > 0 ? 1000 / load.spawnRate : 0;
  for (let i = 0; i < load.users && !driver.stopped; i++) {
    if (spacingMs > 0) {
      const due = driver.startAt + i * spacingMs;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
    }
    users.push(user());
  }
  await Promise.all(users);
}
