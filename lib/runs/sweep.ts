/**
 * The knee of a sweep: the stage with the highest throughput among those whose p95 stays
 * within the limit the user sets. Past it, more load buys latency, not throughput.
 */
export interface SweepStage {
  id: string;
  stageLabel: string | null;
  rps: number | null;
  latencyP95Ms: number | null;
}

export function findKnee<T extends SweepStage>(stages: T[], p95LimitMs: number): T | undefined {
  let knee: T | undefined;
  for (const stage of stages) {
    if (stage.rps === null || stage.latencyP95Ms === null || stage.latencyP95Ms > p95LimitMs) continue;
    if (!knee || stage.rps > knee.rps!) knee = stage;
  }
  return knee;
}
