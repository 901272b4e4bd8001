/**
 * A stage result as the CLI prints it: the JSON object documented in the README, and a
 * text table laid out like the reference tables (requests, failures, p50/p95/p99/avg, RPS,
 * gateway overhead p50/p95/p99).
 */
import { formatCount, formatMs, formatRps } from '../format';
import type { DurationSummary } from './metrics/histogram';
import type { StageResult } from './stage';
import type { Validity } from './validity';

type Percentiles = Pick<DurationSummary, 'p50' | 'p90' | 'p95' | 'p99' | 'avg' | 'max'>;

export interface StageReport {
  label: string;
  requests: number;
  successes: number;
  failures: number;
  /** Successful requests per second of measured time. */
  rps: number;
  /** Attempts per second (successful or not). */
  attemptRps: number;
  durationMs: number;
  /** Requests in flight at the stop that finished after it: counted, not timed. */
  drain: { requests: number; failures: number; durationMs: number };
  latencyMs: Percentiles | null;
  ttftMs?: Percentiles;
  itlMs?: Percentiles;
  tpotMs?: Percentiles;
  overheadMs?: Percentiles;
  outputTokens: number;
  outputTokensPerSec: number;
  /** What one user sees: 1 / TPOT at the median (streams only). */
  perUserTokensPerSec?: number;
  tokensEstimated: boolean;
  errors: Record<string, { count: number; sample: string }>;
  /** Whether the load generator may have limited the result (lib/runner/validity.ts). */
  validity: Validity;
  /** Why the run stopped before its end, if it did. */
  stoppedEarly?: string;
  /** Each threshold's verdict, and whether one stopped the run. */
  thresholds?: StageResult['thresholds'];
  /** A capacity run: the steps, the limit and why. */
  capacity?: StageResult['capacity'];
  /** Requests that met every objective set: count, share of all requests, per second. */
  goodput?: StageResult['goodput'];
}

const pick = (s: DurationSummary | undefined): Percentiles | undefined =>
  s && { p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, avg: s.avg, max: s.max };
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function toReport(result: StageResult): StageReport {
  return {
    label: result.label,
    requests: result.requests,
    successes: result.successes,
    failures: result.failures,
    rps: round(result.rps),
    attemptRps: round(result.attemptRps),
    durationMs: Math.round(result.durationMs),
    drain: result.drain,
    latencyMs: pick(result.latencyMs) ?? null,
    ...(result.ttftMs && { ttftMs: pick(result.ttftMs) }),
    ...(result.itlMs && { itlMs: pick(result.itlMs) }),
    ...(result.tpotMs && { tpotMs: pick(result.tpotMs) }),
    ...(result.overheadMs && { overheadMs: pick(result.overheadMs) }),
    outputTokens: result.outputTokens,
    outputTokensPerSec: round(result.outputTokensPerSec),
    ...(result.tpotMs && result.tpotMs.p50 > 0 && { perUserTokensPerSec: round(1000 / result.tpotMs.p50) }),
    tokensEstimated: result.tokensEstimated,
    errors: result.failuresByClass,
    validity: result.health.validity,
    ...(result.stoppedEarly ? { stoppedEarly: result.stoppedEarly } : {}),
    ...(result.capacity && { capacity: result.capacity }),
    ...(result.thresholds && { thresholds: result.thresholds }),
    ...(result.goodput && { goodput: { ...result.goodput, share: round(result.goodput.share, 4), rps: round(result.goodput.rps) } }),
  };
}

/** A Markdown table: numbers right-aligned; the first column left-aligned when it names the stage. */
function table(header: string[], rows: string[][]): string {
  const left = (i: number) => i === 0 && header[0] === 'stage';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (left(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

const triple = (s: Percentiles | undefined) => (s ? `${formatMs(s.p50)} / ${formatMs(s.p95)} / ${formatMs(s.p99)}` : '—');

export function formatReports(reports: StageReport[]): string {
  const out: string[] = [];
  const showStage = reports.length > 1;
  out.push(
    table(
      [...(showStage ? ['stage'] : []), 'requests', 'failures', 'p50 ms', 'p95 ms', 'p99 ms', 'avg ms', 'RPS', 'attempts/s', 'overhead p50/p95/p99 ms'].map(String),
      reports.map((r) => [
        ...(showStage ? [r.label] : []),
        formatCount(r.requests),
        formatCount(r.failures),
        formatMs(r.latencyMs?.p50),
        formatMs(r.latencyMs?.p95),
        formatMs(r.latencyMs?.p99),
        formatMs(r.latencyMs?.avg),
        formatRps(r.rps),
        formatRps(r.attemptRps),
        triple(r.overheadMs),
      ]),
    ),
  );
  if (reports.some((r) => r.ttftMs)) {
    out.push('');
    out.push(
      table(
        [...(showStage ? ['stage'] : []), 'TTFT p50/p95/p99 ms', 'ITL p50/p95/p99 ms', 'TPOT p50/p95/p99 ms', 'output tokens/s', 'per user tokens/s'],
        reports.map((r) => [
          ...(showStage ? [r.label] : []),
          triple(r.ttftMs),
          triple(r.itlMs),
          triple(r.tpotMs),
          `${formatRps(r.outputTokensPerSec)}${r.tokensEstimated ? ' (estimated)' : ''}`,
          formatRps(r.perUserTokensPerSec),
        ]),
      ),
    );
  }
  for (const r of reports) {
    const errors = Object.entries(r.errors);
    if (errors.length === 0) continue;
    out.push('', `Failures${showStage ? ` (${r.label})` : ''}:`);
    for (const [name, { count, sample }] of errors) out.push(`  ${name.padEnd(20)} ${formatCount(count).padStart(9)}  e.g. ${sample}`);
  }
  for (const r of reports) {
    const stage = showStage ? ` (${r.label})` : '';
    if (r.drain.requests > 0) out.push('', `Drain${stage}: ${formatCount(r.drain.requests)} requests in flight at the stop finished within ${r.drain.durationMs} ms (counted above, not in RPS).`);
    if (r.stoppedEarly) out.push('', `Stopped early${stage}: ${r.stoppedEarly}.`);
    if (r.validity.verdict !== 'valid') out.push('', `${r.validity.verdict === 'invalid' ? 'Invalid' : 'Suspect'}${stage}: ${r.validity.reasons.join('; ')}.`);
  }
  return out.join('\n');
}
