/**
 * Sweeps side by side: one throughput-vs-p95 curve per sweep (a gateway, a version, an instance
 * count), each with its knee (./../runs/sweep.ts), so where each saturates reads off one chart.
 */
import { findKnee, type KneeFinding, type SweepStage } from '../runs/sweep';

export interface SweepCurve {
  sweepId: string;
  name: string;
  points: { label: string; rps: number; p95: number }[];
  finding: KneeFinding<SweepStage>;
}

/** Completed stages with both figures, in stage order; the knee found with the same rule as a sweep's own page. */
export function sweepCurves(sweeps: { sweepId: string; name: string; stages: (SweepStage & { sweepStage: number | null })[] }[], p95LimitMs: number): SweepCurve[] {
  return sweeps.map(({ sweepId, name, stages }) => {
    const ordered = [...stages].sort((a, b) => (a.sweepStage ?? 0) - (b.sweepStage ?? 0));
    const points = ordered
      .filter((s) => s.rps !== null && s.latencyP95Ms !== null && (s.status === undefined || s.status === 'completed'))
      .map((s) => ({ label: s.stageLabel ?? '', rps: s.rps!, p95: s.latencyP95Ms! }));
    return { sweepId, name, points, finding: findKnee(ordered, p95LimitMs) };
  });
}
