/** What a load model needs from the stage: admission (is the run still on?) and sending. */
import type { RequestOutcome } from '../metrics/recorder';

export interface LoadDriver {
  /** Takes a slot for a request meant to start at intendedAt; false once the run is over. */
  admit(intendedAt: number): boolean;
  /**
   * Sends one request measured from intendedAt; calls done with its outcome when it has completed
   * or failed. `user` (closed model) keeps an overhead stage's pairs within one user.
   */
  send(intendedAt: number, done: (outcome: RequestOutcome) => void, user?: number): void;
  /** Open model: the schedule admitted an arrival (it may wait for a free slot). */
  recordScheduled(): void;
  /** Open model: a scheduled arrival actually went out lagMs late. */
  recordSend(intendedAt: number, lagMs: number): void;
  /**
   * Open model: called as the stage stops, before its last window closes, to schedule the
   * arrivals already due whose timer has not run yet, so they count in that window.
   */
  onStopping(scheduleDue: () => void): void;
  /** No more requests are admitted (the run reached its end, or was cancelled). */
  readonly stopped: boolean;
  /** Cancelled: requests admitted but not yet sent are dropped. */
  readonly cancelled: boolean;
  /** Aborts the moment the stage stops (its end, or a cancel): wakes anything waiting on a timer. */
  readonly stopSignal: AbortSignal;
  readonly startAt: number;
}

export interface LoadState {
  activeUsers: number;
  inFlight: number;
}

/** Calls fn after ms, or at once when the signal aborts first (think times, spawn ramps, schedules). */
export function after(ms: number, signal: AbortSignal, fn: () => void): void {
  if (signal.aborted) return fn();
  const wake = () => {
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(() => {
    signal.removeEventListener('abort', wake);
    fn();
  }, ms);
  signal.addEventListener('abort', wake, { once: true });
}

/** Resolves after ms, or at once when the signal aborts first. */
export const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => after(ms, signal, resolve));
