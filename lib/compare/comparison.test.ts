import { describe, expect, it } from 'vitest';
import { buildComparison, type ComparedRun, type SecondSample } from './comparison';

function run(id: string, values: Partial<ComparedRun> = {}): ComparedRun {
  return {
    id,
    status: 'completed',
    targetName: 'gateway',
    stageLabel: null,
    gatewayName: 'LiteLLM',
    gatewayVersion: id,
    instanceCount: 2,
    tags: [],
    createdAt: new Date('2026-11-30T12:00:00Z'),
    requests: 10_000,
    failures: 0,
    rps: 1000,
    attemptRps: 1000,
    validity: 'valid',
    validityReasons: [],
    title: null,
    latencyP50Ms: 100,
    latencyP95Ms: 150,
    latencyP99Ms: 240,
    latencyAvgMs: 110,
    overheadP50Ms: null,
    overheadP95Ms: null,
    overheadP99Ms: null,
    ttftP50Ms: null,
    ttftP95Ms: null,
    outputTokensPerSec: null,
    ...values,
  };
}

/** Ten whole seconds of values around the given ones (±1%), plus a last partial window (300 ms). */
function seconds(values: { rps: number; p50: number; p95: number; p99: number }, partial: Partial<SecondSample> = {}): SecondSample[] {
  const points = Array.from({ length: 10 }, (_, i): SecondSample => {
    const wobble = 1 + (i % 2 ? 0.01 : -0.01);
    return { second: i, windowMs: 1000, rps: values.rps * wobble, p50Ms: values.p50 * wobble, p95Ms: values.p95 * wobble, p99Ms: values.p99 * wobble, ttftP50Ms: null };
  });
  return [...points, { second: 10, windowMs: 300, rps: values.rps, p50Ms: values.p50, p95Ms: values.p95, p99Ms: values.p99, ttftP50Ms: null, ...partial }];
}

const cell = (comparison: ReturnType<typeof buildComparison>, metric: string, runId: string) => {
  const row = comparison.rows.find((r) => r.metric.key === metric)!;
  return row.cells[comparison.runs.findIndex((r) => r.id === runId)];
};

describe('buildComparison', () => {
  const old = run('v1');
  const slower = run('v2', { latencyP95Ms: 240, latencyP50Ms: 100, rps: 1000, latencyAvgMs: 130 });
  const series = new Map([
    ['v1', seconds({ rps: 1000, p50: 100, p95: 150, p99: 240 })],
    ['v2', seconds({ rps: 1000, p50: 100, p95: 240, p99: 240 })],
  ]);

  it('compares against the baseline asked for, or the first run when there is none or it is not in the list', () => {
    expect(buildComparison([old, slower], series, 'v2').baselineId).toBe('v2');
    expect(buildComparison([old, slower], series).baselineId).toBe('v1');
    expect(buildComparison([old, slower], series, 'elsewhere').baselineId).toBe('v1');
  });

  it('gives each cell its value, its change against the baseline and a verdict in the metric’s direction', () => {
    const comparison = buildComparison([old, slower], series, 'v1');
    expect(cell(comparison, 'latencyP95Ms', 'v2')).toEqual({ value: 240, change: expect.closeTo(0.6, 10), verdict: 'worse' });
    expect(cell(comparison, 'latencyP50Ms', 'v2')).toEqual({ value: 100, change: 0, verdict: 'same' });
    // The baseline's own cells carry no change and no verdict.
    expect(cell(comparison, 'latencyP95Ms', 'v1')).toEqual({ value: 150, verdict: 'unknown' });
    // Swapped baseline: the same difference reads as better.
    expect(cell(buildComparison([old, slower], series, 'v2'), 'latencyP95Ms', 'v1').verdict).toBe('better');
    // avg has no per-second series: a change, no verdict.
    expect(cell(comparison, 'latencyAvgMs', 'v2')).toEqual({ value: 130, change: expect.closeTo(20 / 110, 10), verdict: 'unknown' });
    // failure rate: the two-proportion test.
    expect(cell(comparison, 'failureRate', 'v2')).toEqual({ value: 0, change: undefined, verdict: 'same' });
  });

  it('leaves out metrics no run has (no streaming, no overhead header)', () => {
    const keys = buildComparison([old, slower], series).rows.map((r) => r.metric.key);
    expect(keys).not.toContain('ttftP50Ms');
    expect(keys).not.toContain('overheadP50Ms');
    expect(keys).toContain('latencyP99Ms');
  });

  it('leaves the last, partial second out of the verdict samples', () => {
    // v3's last point is a short window with a wild p95; counted, it would swamp the steady
    // +10% rise with variance and the verdict would read "same".
    const v3 = run('v3', { latencyP95Ms: 165 });
    const withPartial = new Map([...series, ['v3', seconds({ rps: 1000, p50: 100, p95: 165, p99: 240 }, { p95Ms: 5000 })]]);
    expect(cell(buildComparison([old, v3], withPartial, 'v1'), 'latencyP95Ms', 'v3').verdict).toBe('worse');
  });

  it('leaves warm-up seconds out of the verdict samples', () => {
    // Warm-up (negative seconds) ran slow on v6's cold start; the measured seconds are v1's own.
    const v6 = run('v6', { latencyP95Ms: 150 });
    const coldStart = Array.from({ length: 5 }, (_, i): SecondSample => ({ second: i - 5, windowMs: 1000, rps: 200, p50Ms: 900, p95Ms: 1300, p99Ms: 1500, ttftP50Ms: null }));
    const withWarmup = new Map([...series, ['v6', [...coldStart, ...seconds({ rps: 1000, p50: 100, p95: 150, p99: 240 })]]]);
    expect(cell(buildComparison([old, v6], withWarmup, 'v1'), 'latencyP95Ms', 'v6').verdict).toBe('same');
  });

  it('for series written before windows carried their length, leaves out the last point instead', () => {
    const legacy = (values: Parameters<typeof seconds>[0], last: Partial<SecondSample>) => seconds(values, last).map((p) => ({ ...p, windowMs: null }));
    const v7 = run('v7', { latencyP95Ms: 165 });
    const old7 = new Map([['v1', legacy({ rps: 1000, p50: 100, p95: 150, p99: 240 }, {})], ['v7', legacy({ rps: 1000, p50: 100, p95: 165, p99: 240 }, { p95Ms: 5000 })]]);
    expect(cell(buildComparison([old, v7], old7, 'v1'), 'latencyP95Ms', 'v7').verdict).toBe('worse');
  });

  it('gives no verdict for a run without per-second data', () => {
    const comparison = buildComparison([old, run('v4', { latencyP95Ms: 400 })], series, 'v1');
    expect(cell(comparison, 'latencyP95Ms', 'v4')).toEqual({ value: 400, change: expect.closeTo(250 / 150, 10), verdict: 'unknown' });
  });

  it('sums up each run against the baseline: the headline metrics that really changed', () => {
    const faster = run('v5', { rps: 1200, latencyP99Ms: 200 });
    const all = new Map([...series, ['v5', seconds({ rps: 1200, p50: 100, p95: 150, p99: 200 })]]);
    const comparison = buildComparison([old, slower, faster], all, 'v1');
    expect(comparison.summaries).toEqual([
      { runId: 'v2', better: [], worse: ['p95 ms'] },
      { runId: 'v5', better: ['p99 ms', 'RPS'], worse: [] },
    ]);
  });
});
