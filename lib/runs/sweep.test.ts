import { describe, expect, it } from 'vitest';
import { findKnee } from './sweep';

const stage = (label: string, rps: number | null, p95: number | null, status = 'completed') => ({ id: label, stageLabel: label, status, rps, latencyP95Ms: p95 });

describe('findKnee', () => {
  const stages = [stage('1', 50, 21), stage('10', 480, 24), stage('50', 1100, 80), stage('100', 1170, 240), stage('300', 1150, 900)];

  it('is the highest throughput whose p95 is within the limit', () => {
    expect(findKnee(stages, 250)).toMatchObject({ kind: 'knee', stage: { stageLabel: '100' } });
    expect(findKnee(stages, 100)).toMatchObject({ kind: 'knee', stage: { stageLabel: '50' } });
  });

  it('is nothing when no stage meets the limit, and skips unmeasured stages', () => {
    expect(findKnee(stages, 10)).toEqual({ kind: 'none' });
    expect(findKnee([stage('1', null, null), stage('2', 10, 5)], 100)).toMatchObject({ kind: 'knee', stage: { stageLabel: '2' } });
  });

  it('compares the measured p95, not its rounding: 104.4 ms is over a 104 ms limit, 103.6 is within', () => {
    expect(findKnee([stage('1', 100, 50), stage('2', 200, 104.4)], 104)).toMatchObject({ stage: { stageLabel: '1' } });
    expect(findKnee([stage('1', 100, 50), stage('2', 200, 103.6), stage('3', 150, 300)], 104)).toMatchObject({ kind: 'knee', stage: { stageLabel: '2' } });
  });

  it('calls no knee while throughput still grew at the last stage tried', () => {
    expect(findKnee([stage('1', 100, 20), stage('2', 200, 21), stage('4', 390, 22)], 500)).toEqual({ kind: 'not-saturated', stage: stage('4', 390, 22), previousRps: 200 });
    // Flat at the end: the last stage is the knee.
    expect(findKnee([stage('1', 100, 20), stage('2', 200, 21), stage('4', 205, 40)], 500)).toMatchObject({ kind: 'knee', stage: { stageLabel: '4' } });
  });

  it('judges only finished stages while the sweep still runs', () => {
    expect(findKnee([stage('1', 100, 20), stage('2', 150, 21, 'running'), stage('4', null, null, 'queued')], 500)).toEqual({ kind: 'knee', stage: stage('1', 100, 20) });
  });
});
