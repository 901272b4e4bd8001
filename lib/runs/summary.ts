/** Turns an engine stage result into the Run row's headline columns and report. */
import { toReport } from '../runner/report';
import { jsonColumn, type StoredReport } from './stored';
import type { SeriesPoint, StageResult } from '../runner/engine';

export function summaryColumns(result: StageResult) {
  const report = toReport(result);
  return {
    requests: result.requests,
    failures: result.failures,
    rps: report.rps,
    attemptRps: report.attemptRps,
    validity: result.health.validity.verdict,
    validityReasons: result.health.validity.reasons,
    latencyP50Ms: result.latencyMs?.p50 ?? null,
    latencyP90Ms: result.latencyMs?.p90 ?? null,
    latencyP95Ms: result.latencyMs?.p95 ?? null,
    latencyP99Ms: result.latencyMs?.p99 ?? null,
    latencyAvgMs: result.latencyMs?.avg ?? null,
    latencyMaxMs: result.latencyMs?.max ?? null,
    ttftP50Ms: result.ttftMs?.p50 ?? null,
    ttftP95Ms: result.ttftMs?.p95 ?? null,
    outputTokensPerSec: result.outputTokens > 0 ? report.outputTokensPerSec : null,
    overheadP50Ms: result.overheadMs?.p50 ?? null,
    overheadP95Ms: result.overheadMs?.p95 ?? null,
    overheadP99Ms: result.overheadMs?.p99 ?? null,
    thresholdsPassed: result.thresholds ? result.thresholds.results.every((t) => t.passed) : null,
    report: jsonColumn(report),
  };
}

/**
 * A partial summary from the per-second points alone, for a run whose process died before it
 * could write its final result: counts are exact; latency is the worst second's percentile,
 * marked as such in the report.
 */
export function partialSummaryFromPoints(all: (Pick<SeriesPoint, 'second' | 'requests' | 'failures' | 'p50Ms' | 'p95Ms' | 'p99Ms'> & { windowMs: number | null })[]) {
  const points = all.filter((p) => p.second >= 0); // warm-up seconds count in no total
  const requests = points.reduce((n, p) => n + p.requests, 0);
  const failures = points.reduce((n, p) => n + p.failures, 0);
  const measuredMs = points.reduce((n, p) => n + (p.windowMs ?? 1000), 0);
  const worst = (key: 'p50Ms' | 'p95Ms' | 'p99Ms') => {
    const values = points.map((p) => p[key]).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  const report: StoredReport = { partial: true, requests, failures, successes: requests - failures };
  const perSecond = (count: number) => (measuredMs > 0 ? Math.round(((count * 1000) / measuredMs) * 10) / 10 : null);
  return {
    requests,
    failures,
    rps: perSecond(requests - failures),
    attemptRps: perSecond(requests),
    latencyP50Ms: worst('p50Ms'),
    latencyP95Ms: worst('p95Ms'),
    latencyP99Ms: worst('p99Ms'),
    report: jsonColumn(report),
  };
}
