import { describe, expect, it } from 'vitest';
import { sweepCurves } from './sweeps';

const stage = (sweepStage: number, rps: number, p95: number, status = 'completed') => ({ id: `s${sweepStage}`, sweepStage, stageLabel: `${(sweepStage + 1) * 10} users`, status, rps, latencyP95Ms: p95 });

describe('sweepCurves', () => {
  it('gives each sweep its curve in stage order and its knee (most RPS with p95 within the limit)', () => {
    // v1 saturates at 30 users (400 RPS, p95 300 ms; 40 users breaks the 500 ms limit); v2 still grows at its last stage.
    const [v1, v2] = sweepCurves(
      [
        { sweepId: 'a', name: 'Portkey 1.9.8', stages: [stage(3, 410, 900), stage(0, 150, 110), stage(2, 400, 300), stage(1, 300, 150)] },
        { sweepId: 'b', name: 'Portkey 1.15.2', stages: [stage(0, 160, 100), stage(1, 320, 120), stage(2, 90, 80, 'failed')] },
      ],
      500,
    );
    expect(v1.points.map((p) => p.rps)).toEqual([150, 300, 400, 410]);
    expect(v1.finding).toMatchObject({ kind: 'knee', stage: { sweepStage: 2 } });
    // A failed stage is not a point, and the last completed one still doubled: not saturated.
    expect(v2.points).toHaveLength(2);
    expect(v2.finding).toMatchObject({ kind: 'not-saturated', previousRps: 160 });
    expect(sweepCurves([{ sweepId: 'c', name: 'slow', stages: [stage(0, 10, 900)] }], 500)[0].finding.kind).toBe('none');
  });
});
