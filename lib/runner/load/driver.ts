/** What a load model needs from the stage: admission (is the run still on?) and sending. */
export interface LoadDriver {
  /** Takes a slot for a request meant to start at intendedAt; false once the run is over. */
  admit(intendedAt: number): boolean;
  /** Sends one request measured from intendedAt; calls done when it has completed or failed. */
  send(intendedAt: number, done: () => void): void;
  /** Open model: a scheduled arrival actually went out lagMs late. */
  recordSend(intendedAt: number, lagMs: number): void;
  /** No more requests are admitted (the run reached its end, or was cancelled). */
  readonly stopped: boolean;
  /** Cancelled: requests admitted but not yet sent are dropped. */
  readonly cancelled: boolean;
  readonly startAt: number;
}

export interface LoadState {
  activeUsers: number;
  inFlight: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
