/**
 * Failed sign-in attempts are limited per client address and per (address, email), in this
 * process's memory (the app is one process). A success clears the (address, email) count.
 */
export interface LimitRule {
  max: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: LimitRule,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.rule.max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.rule.max] + this.rule.windowMs - this.now()) / 1000));
  }

  /**
   * Counts an attempt now, before any await, so parallel attempts cannot all pass the check:
   * 0 and a refund (call it when the attempt succeeds), or the seconds to wait.
   */
  take(key: string): { wait: number; refund: () => void } {
    const wait = this.retryAfter(key);
    if (wait > 0) return { wait, refund: () => undefined };
    this.fail(key);
    const at = this.now();
    return {
      wait: 0,
      refund: () => {
        const recent = this.failures.get(key);
        const index = recent?.lastIndexOf(at) ?? -1;
        if (recent && index >= 0) recent.splice(index, 1);
      },
    };
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, recent);
    // Oldest keys go first when an attacker sprays addresses or emails.
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}

/** 5 wrong passwords per address and email, 20 per address, per 15 minutes; 10 first-run attempts per address. */
export const SIGN_IN_LIMITS = {
  perAccount: { max: 5, windowMs: 15 * 60_000 },
  perClient: { max: 20, windowMs: 15 * 60_000 },
  firstRun: { max: 10, windowMs: 15 * 60_000 },
} as const;
