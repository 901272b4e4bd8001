/**
 * Open model: requests arrive on a schedule (fixed spacing, or Poisson) whatever the server
 * does. Latency counts from each request's intended send time, so when the server stalls,
 * the queue it causes shows in the percentiles (no coordinated omission). At most
 * maxInFlight requests are out at once; arrivals beyond wait, and their wait counts.
 */
import type { LoadConfig } from '../config';
import { after, type LoadDriver, type LoadState } from './driver';

type Open = Extract<LoadConfig, { model: 'open' }>;

export function runOpenModel(load: Open, driver: LoadDriver, state: LoadState): Promise<void> {
  const spacing = 1000 / load.rate;
  const gap = load.poisson ? () => -Math.log(1 - Math.random()) * spacing : () => spacing;
  const waiting: number[] = [];
  let head = 0;
  let next = driver.startAt;
  let scheduling = true;

  return new Promise((resolve) => {
    const takeWaiting = (): number | undefined => {
      if (driver.cancelled) waiting.length = head = 0;
      if (head === waiting.length) return undefined;
      const intendedAt = waiting[head++];
      if (head > 4096 && head * 2 > waiting.length) {
        waiting.splice(0, head);
        head = 0;
      }
      return intendedAt;
    };
    const finishIfIdle = () => {
      if (!scheduling && state.inFlight === 0 && head === waiting.length) resolve();
    };
    const launch = (intendedAt: number) => {
      state.inFlight++;
      driver.recordSend(intendedAt, performance.now() - intendedAt);
      driver.send(intendedAt, () => {
        state.inFlight--;
        const queued = takeWaiting();
        if (queued !== undefined) launch(queued);
        finishIfIdle();
      });
    };
    const scheduleDue = () => {
      const now = performance.now();
      while (scheduling && next <= now) {
        if (!driver.admit(next)) {
          scheduling = false;
          break;
        }
        driver.recordScheduled();
        if (state.inFlight < load.maxInFlight) launch(next);
        else waiting.push(next);
        next += gap();
      }
    };
    // The stop may run before this schedule's own timer: what was due by then still goes out in the last window.
    driver.onStopping(scheduleDue);
    const tick = () => {
      scheduleDue();
      // Stopped with nothing due: whatever comes next would be refused.
      if (driver.stopped) scheduling = false;
      if (scheduling) {
        // A stop wakes the schedule at once, however far off the next arrival is.
        after(Math.max(0, next - performance.now()), driver.stopSignal, tick);
      } else {
        if (driver.cancelled) waiting.length = head = 0;
        finishIfIdle();
      }
    };
    tick();
  });
}
