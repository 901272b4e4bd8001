/**
 * The knee of a sweep: the stage with the highest throughput among those whose p95 stays within
 * the limit the user sets (compared on the measured values, never on rounded ones). Past it,
 * more load buys latency, not throughput. When throughput still grew at the last stage tried,
 * the sweep never reached saturation and the last stage is no knee.
 */
export interface SweepStage {
  id: string;
  stageLabel: string | null;
  status?: string;
  rps: number | null;
  latencyP95Ms: number | null;
}

/** Throughput that grew by more than this from one stage to the next still grows. */
export const STILL_GROWING = 0.05;

export type KneeFinding<T> = { kind: 'knee'; stage: T } | { kind: 'not-saturated'; stage: T; previousRps: number } | { kind: 'none' };

export function findKnee<T extends SweepStage>(stages: T[], p95LimitMs: number): KneeFinding<T> {
  const measured = stages.filter((s) => s.rps !== null && s.latencyP95Ms !== null && (s.status === undefined || s.status === 'completed'));
  let knee: T | undefined;
  for (const stage of measured) {
    if (stage.latencyP95Ms! > p95LimitMs) continue;
    if (!knee || stage.rps! > knee.rps!) knee = stage;
  }
  if (!knee) return { kind: 'none' };
  const index = measured.indexOf(knee);
  const previous = measured[index - 1];
  if (index === measured.length - 1 && previous && knee.rps! > previous.rps! * (1 + STILL_GROWING)) return { kind: 'not-saturated', stage: knee, previousRps: previous.rps! };
  return { kind: 'knee', stage: knee };
}
