/**
 * Pass/fail thresholds on a run, k6-style, as data: "p95_ms < 300", "error_rate < 0.01",
 * "rps > 50". Evaluated on the measured totals at the end (and, for those that may abort the
 * run, every second once their delay has passed). Pure.
 */
import { z } from 'zod';
import type { DurationSummary } from './metrics/histogram';

export const THRESHOLD_METRICS = {
  p50_ms: 'p50 latency (ms)',
  p90_ms: 'p90 latency (ms)',
  p95_ms: 'p95 latency (ms)',
  p99_ms: 'p99 latency (ms)',
  avg_ms: 'mean latency (ms)',
  max_ms: 'max latency (ms)',
  error_rate: 'failed share of requests (0–1)',
  rps: 'successful requests per second',
  ttft_p50_ms: 'TTFT p50 (ms)',
  ttft_p95_ms: 'TTFT p95 (ms)',
  ttft_p99_ms: 'TTFT p99 (ms)',
  goodput: 'share of requests meeting every objective (0–1)',
} as const;

export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;
type Operator = '<' | '<=' | '>' | '>=';

export interface ParsedThreshold {
  metric: ThresholdMetric;
  op: Operator;
  value: number;
}

/** "p95_ms < 300" → its parts, or what is wrong with it. */
export function parseThreshold(text: string): ParsedThreshold | { error: string } {
  const match = /^\s*([a-z0-9_]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return { error: `"${text.trim()}" is not a threshold: write metric, comparison and number, e.g. p95_ms < 300` };
  const metric = match[1] as ThresholdMetric;
  if (!(metric in THRESHOLD_METRICS)) return { error: `unknown metric "${match[1]}": one of ${Object.keys(THRESHOLD_METRICS).join(', ')}` };
  return { metric, op: match[2] as Operator, value: Number(match[3]) };
}

export const thresholdSchema = z.object({
  expression: z
    .string()
    .max(100)
    .transform((text, ctx) => {
      const parsed = parseThreshold(text);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return `${parsed.metric} ${parsed.op} ${parsed.value}`;
    }),
  /** Stop the run as soon as this threshold fails (evaluated every second after the delay). */
  abortOnFail: z.boolean().default(false),
  /** How long the run goes before an abortable threshold may stop it (ms of measured time). */
  abortAfterMs: z.number().int().min(0).max(3_600_000).default(10_000),
});

export type Threshold = z.output<typeof thresholdSchema>;

/** What thresholds are judged on. */
export type ThresholdValues = Partial<Record<ThresholdMetric, number | null>>;

export interface ThresholdResult {
  expression: string;
  passed: boolean;
  /** The measured value (null: not measured, which fails). */
  actual: number | null;
  abortOnFail: boolean;
}

const holds = (actual: number, op: Operator, value: number) => (op === '<' ? actual < value : op === '<=' ? actual <= value : op === '>' ? actual > value : actual >= value);

export function evaluateThresholds(thresholds: Threshold[], values: ThresholdValues): ThresholdResult[] {
  return thresholds.map((t) => {
    const parsed = parseThreshold(t.expression) as ParsedThreshold;
    const actual = values[parsed.metric] ?? null;
    return { expression: t.expression, passed: actual !== null && holds(actual, parsed.op, parsed.value), actual, abortOnFail: t.abortOnFail };
  });
}

/** The values of a stage's totals (or its totals so far). */
export function thresholdValues(measured: { requests: number; failures: number; rps: number; latencyMs?: DurationSummary; ttftMs?: DurationSummary; goodputShare?: number }): ThresholdValues {
  const l = measured.latencyMs;
  const t = measured.ttftMs;
  return {
    p50_ms: l?.p50 ?? null,
    p90_ms: l?.p90 ?? null,
    p95_ms: l?.p95 ?? null,
    p99_ms: l?.p99 ?? null,
    avg_ms: l?.avg ?? null,
    max_ms: l?.max ?? null,
    error_rate: measured.requests ? measured.failures / measured.requests : null,
    rps: measured.rps,
    ttft_p50_ms: t?.p50 ?? null,
    ttft_p95_ms: t?.p95 ?? null,
    ttft_p99_ms: t?.p99 ?? null,
    goodput: measured.goodputShare ?? null,
  };
}

export { REFERENCE_THRESHOLDS } from './defaults';

/**
 * Why a run stops after `seconds` measured seconds: the first abortOnFail threshold past its
 * delay that fails on the totals so far (`values`, worked out only when one is due), in words;
 * undefined when none does. One process and a split run judge alike.
 */
export function abortingThreshold(thresholds: Threshold[], seconds: number, values: () => ThresholdValues): string | undefined {
  const due = thresholds.filter((t) => t.abortOnFail && seconds * 1000 >= t.abortAfterMs);
  if (!due.length) return undefined;
  const failed = evaluateThresholds(due, values()).find((t) => !t.passed);
  if (!failed) return undefined;
  return `threshold ${failed.expression} failed after ${seconds} s (${failed.actual === null ? 'not measured' : Math.round(failed.actual * 1000) / 1000}), so the run was stopped (abortOnFail)`;
}
