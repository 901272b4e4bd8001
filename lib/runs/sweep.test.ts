import { describe, expect, it } from 'vitest';
import { findKnee } from './sweep';

const stage = (label: string, rps: number | null, p95: number | null) => ({ id: label, stageLabel: label, rps, latencyP95Ms: p95 });

describe('findKnee', () => {
  const stages = [stage('1', 50, 21), stage('10', 480, 24), stage('50', 1100, 80), stage('100', 1170, 240), stage('300', 1150, 900)];

  it('is the highest throughput whose p95 is within the limit', () => {
    expect(findKnee(stages, 250)?.stageLabel).toBe('100');
    expect(findKnee(stages, 100)?.stageLabel).toBe('50');
  });

  it('is nothing when no stage meets the limit, and skips unmeasured stages', () => {
    expect(findKnee(stages, 10)).toBeUndefined();
    expect(findKnee([stage('1', null, null), stage('2', 10, 5)], 100)?.stageLabel).toBe('2');
  });
});
