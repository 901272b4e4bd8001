/**
 * Is a result the target's, or the load generator's? A run is suspect when the client may have
 * been the bottleneck, invalid when it clearly was (PRODUCT.md, "Validity"). Judged from the
 * measured, whole seconds only; every threshold is here, and in the README.
 */
import type { SeriesPoint } from './metrics/recorder';

export type ValidityVerdict = 'valid' | 'suspect' | 'invalid';

export interface Validity {
  verdict: ValidityVerdict;
  reasons: string[];
}

export const VALIDITY_THRESHOLDS = {
  /** The engine's event loop busier than this in a second… */
  engineBusy: 0.9,
  /** …in more than this share of seconds: suspect; in more than `engineBusyInvalidShare`: invalid. */
  engineBusyShare: 0.1,
  engineBusyInvalidShare: 0.5,
  /** Open model: sent less than this share of the arrivals scheduled: suspect; below `achievedInvalid`: invalid. */
  achieved: 0.95,
  achievedInvalid: 0.8,
  /** Open model: sends later than this at p99 in some second. */
  sendLagP99Ms: 50,
  /** The host's CPUs busier than this… */
  hostCpuBusy: 0.95,
  /** …in more than this share of seconds. */
  hostCpuShare: 0.1,
} as const;

/** Accumulates the seconds of a stage as they come (constant memory), then judges them. */
export class ValidityTally {
  private seconds = 0;
  private engineBusySeconds = 0;
  private hostBusySeconds = 0;
  private intended = 0;
  private sent = 0;
  private worstSendLagMs = 0;

  add(point: Pick<SeriesPoint, 'second' | 'windowMs' | 'clientBusy' | 'hostCpuBusy' | 'intended' | 'sent' | 'sendLagP99Ms'>): void {
    if (point.second < 0 || isPartialWindow(point.windowMs)) return;
    this.seconds++;
    if (point.clientBusy > VALIDITY_THRESHOLDS.engineBusy) this.engineBusySeconds++;
    if (point.hostCpuBusy > VALIDITY_THRESHOLDS.hostCpuBusy) this.hostBusySeconds++;
    this.intended += point.intended ?? 0;
    this.sent += point.sent ?? 0;
    this.worstSendLagMs = Math.max(this.worstSendLagMs, point.sendLagP99Ms ?? 0);
  }

  verdict(): Validity {
    const t = VALIDITY_THRESHOLDS;
    const reasons: string[] = [];
    let invalid = false;
    const share = (n: number) => (this.seconds ? n / this.seconds : 0);
    const percent = (x: number) => `${Math.round(x * 100)}%`;
    if (share(this.engineBusySeconds) > t.engineBusyShare) {
      reasons.push(`the load generator's engine was over ${percent(t.engineBusy)} busy in ${this.engineBusySeconds} of ${this.seconds} s: it may have limited the load`);
      invalid ||= share(this.engineBusySeconds) > t.engineBusyInvalidShare;
    }
    if (this.intended > 0 && this.sent / this.intended < t.achieved) {
      reasons.push(`only ${percent(this.sent / this.intended)} of the scheduled arrivals were sent (below ${percent(t.achieved)}): the rate asked for was not the rate applied`);
      invalid ||= this.sent / this.intended < t.achievedInvalid;
    }
    if (this.worstSendLagMs > t.sendLagP99Ms) {
      reasons.push(`sends ran up to ${Math.round(this.worstSendLagMs)} ms behind schedule at p99 (bound ${t.sendLagP99Ms} ms)`);
    }
    if (share(this.hostBusySeconds) > t.hostCpuShare) {
      reasons.push(`the host's CPUs were over ${percent(t.hostCpuBusy)} busy in ${this.hostBusySeconds} of ${this.seconds} s: a target on the same host competes with the load generator`);
    }
    return { verdict: invalid ? 'invalid' : reasons.length ? 'suspect' : 'valid', reasons };
  }
}

/** A window shorter than this is the part-second before a stop: no rate point, no verdict sample. */
export const FULL_WINDOW_MS = 950;

export function isPartialWindow(windowMs: number | null | undefined): boolean {
  return windowMs !== null && windowMs !== undefined && windowMs < FULL_WINDOW_MS;
}
