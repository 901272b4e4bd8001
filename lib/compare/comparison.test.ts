import { describe, expect, it } from 'vitest';
import { buildComparison, chronological, comparedRunNames, compareVersions, formatChange, type ComparedRun, type SecondSample } from './comparison';

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
    expect(cell(comparison, 'latencyP95Ms', 'v2')).toEqual({ value: 240, change: expect.closeTo(0.6, 10), delta: 90, verdict: 'worse' });
    expect(cell(comparison, 'latencyP50Ms', 'v2')).toEqual({ value: 100, change: 0, delta: 0, verdict: 'same' });
    // The baseline's own cells carry no change and no verdict.
    expect(cell(comparison, 'latencyP95Ms', 'v1')).toEqual({ value: 150, verdict: 'unknown' });
    // Swapped baseline: the same difference reads as better.
    expect(cell(buildComparison([old, slower], series, 'v2'), 'latencyP95Ms', 'v1').verdict).toBe('better');
    // avg has no per-second series: a change, no verdict.
    expect(cell(comparison, 'latencyAvgMs', 'v2')).toEqual({ value: 130, change: expect.closeTo(20 / 110, 10), delta: 20, verdict: 'unknown' });
    // failure rate: the two-proportion test.
    expect(cell(comparison, 'failureRate', 'v2')).toEqual({ value: 0, change: undefined, delta: 0, verdict: 'same' });
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
    expect(cell(comparison, 'latencyP95Ms', 'v4')).toEqual({ value: 400, change: expect.closeTo(250 / 150, 10), delta: 250, verdict: 'unknown' });
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

describe('comparisons that read like an answer', () => {
  const at = (iso: string) => new Date(iso);
  it('takes the lowest version as the default baseline (semver-aware), else the oldest run', () => {
    const newer = run('a', { gatewayName: 'Portkey', gatewayVersion: '1.15.2', createdAt: at('2026-11-30T10:00:00Z') });
    const older = run('b', { gatewayName: 'Portkey', gatewayVersion: '1.9.8', createdAt: at('2026-11-30T11:00:00Z') });
    expect(buildComparison([newer, older], new Map()).baselineId).toBe('b');
    expect(compareVersions('1.9.8', '1.15.2')).toBeLessThan(0);
    expect(compareVersions('v1.80.0-rc1', '1.80.0')).toBeLessThan(0);
    expect(compareVersions('1.80.0', '1.80.0')).toBe(0);
    // Different gateways: the oldest run.
    const other = run('c', { gatewayName: 'LiteLLM', gatewayVersion: '1.79.1', createdAt: at('2026-11-30T09:00:00Z') });
    expect(buildComparison([newer, other], new Map()).baselineId).toBe('c');
    expect(chronological([newer, older, other]).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('names runs by title, else gateway, version and instances, else target (an id for a share link), uniquely', () => {
    const runs = [
      run('a', { title: 'Before the fix' }),
      run('b', { gatewayName: 'Portkey', gatewayVersion: '1.9.8', instanceCount: 4 }),
      run('c', { gatewayName: 'Portkey', gatewayVersion: '1.9.8', instanceCount: 4 }),
      run('d', { gatewayName: null, gatewayVersion: null, instanceCount: null, targetName: 'staging' }),
    ];
    expect(comparedRunNames(runs)).toEqual(['Before the fix', 'Portkey 1.9.8 ×4', 'Portkey 1.9.8 ×4 (2)', 'staging']);
    expect(comparedRunNames(runs, 'public')[3]).toBe('d');
  });

  it('sums the answer up in one line with absolute and relative changes', () => {
    const base = run('v1', { gatewayName: 'Portkey', gatewayVersion: '1.9.8', instanceCount: 1, latencyP50Ms: 100, latencyP99Ms: 264, rps: 400 });
    const next = run('v2', { gatewayName: 'Portkey', gatewayVersion: '1.15.2', instanceCount: 1, latencyP50Ms: 115, latencyP99Ms: 330, rps: 386 });
    const flat = (v: { rps: number; p50: number; p95: number; p99: number }) => seconds(v);
    const comparison = buildComparison([base, next], new Map([['v1', flat({ rps: 400, p50: 100, p95: 150, p99: 264 })], ['v2', flat({ rps: 386, p50: 115, p95: 150, p99: 330 })]]));
    // p50 +15 ms (+15%), p99 +66 ms (+25%), RPS −14 (−3.5%): ±1% wobble per second, so each is real.
    expect(comparison.summary).toBe('Portkey 1.15.2 vs 1.9.8: p50 +15 ms (+15%), worse; p99 +66 ms (+25%), worse; RPS −14 req/s (−3.5%), worse');
    expect(formatChange({ format: 'ms' }, { delta: -0.5, change: -0.005 })).toBe('−0.5 ms (−0.5%)');
    expect(formatChange({ format: 'percent' }, { delta: 0.012, change: undefined })).toBe('+1.20 pts');
    expect(formatChange({ format: 'rps', unit: 'tokens/s' }, { delta: -184, change: -0.19 })).toBe('−184 tokens/s (−19%)');
  });

  it('shows streaming metrics from the report as rows: TTFT p99, ITL and TPOT p50/p95/p99, tokens/s per user, goodput', () => {
    const p = (x: number) => ({ p50: x, p90: x, p95: x * 2, p99: x * 3, avg: x, max: x * 4 });
    const streamed = (id: string, itl: number) => run(id, { ttftP50Ms: 40, report: { requests: 1, successes: 1, failures: 0, ttftMs: p(40), itlMs: p(itl), tpotMs: p(itl), perUserTokensPerSec: 1000 / itl, goodput: { objectives: { ttftMs: 100 }, requests: 1, share: 1, rps: 10 } } });
    const comparison = buildComparison([streamed('v1', 8), streamed('v2', 10)], new Map());
    const keys = comparison.rows.map((r) => r.metric.key);
    expect(keys).toEqual(expect.arrayContaining(['ttftP99Ms', 'itlP50Ms', 'itlP95Ms', 'itlP99Ms', 'tpotP50Ms', 'tpotP95Ms', 'tpotP99Ms', 'perUserTokensPerSec', 'goodputRps']));
    expect(cell(comparison, 'itlP99Ms', 'v2')).toMatchObject({ value: 30, delta: 6 });
  });
});
