/**
 * A run's per-second series: negative seconds are warm-up; a window shorter than a second is
 * the part-second before the stop. Rate lines and verdict samples use whole measured seconds
 * only. No server imports: charts use it too.
 */
import { isPartialWindow } from '../runner/validity';

/** Before any second of a run, warm-up included: the `after` that asks for everything. */
export const BEFORE_ANY_SECOND = -100_000;

interface Window {
  second: number;
  windowMs?: number | null;
}

/** A whole second of measurement: a sample for rates and verdicts. */
export function isWholeMeasuredSecond(point: Window): boolean {
  return point.second >= 0 && !isPartialWindow(point.windowMs);
}

export const isWarmup = (point: Window) => point.second < 0;
