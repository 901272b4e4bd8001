/**
 * A result another tool wrote, normalised to this app's vocabulary (PRODUCT.md): what a run
 * row, its per-second points and its report hold, plus an honest account of what the file
 * had, what it did not, and how the tool's terms were mapped.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, recordMs, summarize } from '../runner/metrics/histogram';
import type { SeriesPoint } from '../runner/metrics/recorder';

export const importTools = ['locust', 'k6', 'vllm', 'guidellm'] as const;
export type ImportTool = (typeof importTools)[number];

export const toolNames: Record<ImportTool, string> = {
  locust: 'Locust',
  k6: 'k6',
  vllm: 'vLLM benchmark_serving',
  guidellm: 'GuideLLM',
};

/** The tool's name as shown ("imported from Locust"); an unknown value as stored. */
export const toolName = (tool: string) => (tool in toolNames ? toolNames[tool as ImportTool] : tool);

/** Milliseconds; a field the tool did not report is absent. */
export interface PartialPercentiles {
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  avg?: number;
  max?: number;
}

/** One second of a tool's per-second series: the fields of a run's point it can give. */
export type ImportedPoint = Pick<SeriesPoint, 'second' | 'requests' | 'failures' | 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'activeUsers'>;

export interface ImportedRun {
  tool: ImportTool;
  /** The files it came from, by name. */
  files: string[];
  targetName: string;
  targetUrl: string;
  /** "10 users", "4 req/s", … when the file says. */
  stageLabel?: string;
  startedAt?: Date;
  durationMs?: number;
  requests: number;
  failures: number;
  /** Successful requests per second of the measured time. */
  rps?: number;
  latencyMs: PartialPercentiles;
  ttftMs?: PartialPercentiles;
  itlMs?: PartialPercentiles;
  tpotMs?: PartialPercentiles;
  outputTokens?: number;
  outputTokensPerSec?: number;
  errors?: Record<string, { count: number; sample: string }>;
  points?: ImportedPoint[];
  /** When the file has one value per request: the latency histogram (encoded), for the percentile chart. */
  latencyHistogram?: string;
  /** What the file gave, what it did not, and how the tool's terms map to this app's. */
  imported: string[];
  missing: string[];
  notes: string[];
}

/** A file that cannot be imported: the message says what was expected. Nothing is written. */
export class ImportError extends Error {}

export interface ImportFile {
  name: string;
  text: string;
}

export const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** A number the file holds; anything else (a string, null, NaN) is undefined. */
export const finiteNumber = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The host of a URL the file names, if it is one. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** Exact percentiles of values (ms) the file lists one by one, through a full HDR histogram; undefined for none. */
export function percentilesOf(valuesMs: Iterable<number>): { percentiles: Required<PartialPercentiles>; count: number } | undefined {
  const histogram = createHistogram();
  for (const ms of valuesMs) recordMs(histogram, ms);
  return summarizeRecorded(histogram);
}

/** A histogram's summary as the percentiles an import keeps. */
export function summarizeRecorded(histogram: Histogram): { percentiles: Required<PartialPercentiles>; count: number } | undefined {
  const s = summarize(histogram);
  return s && { percentiles: { p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, avg: s.avg, max: s.max }, count: s.count };
}
