/**
 * The run's JSON columns (config, report), written and read back through here only: typed
 * parsers instead of casts at each reader, so a stored value that does not fit is noticed.
 */
import { z } from 'zod';
import type { Prisma } from '../db/generated/client';
import { capacitySearchSchema } from '../runner/capacity-search';
import { runConfigSchema, type RunConfig } from '../runner/config';

/** A value as a JSON column holds it: undefined fields dropped, as JSON itself does. */
export function jsonColumn(value: object): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value));
}

/** The config as stored: everything but the API keys and secret headers (the target's and its upstream's). */
export function storedConfig(config: RunConfig): Prisma.InputJsonValue {
  const withoutSecrets = ({ apiKey: _key, secretHeaders: _headers, ...rest }: RunConfig['target']) => rest;
  return jsonColumn({ ...config, target: withoutSecrets(config.target), upstream: config.upstream && withoutSecrets(config.upstream) });
}

/** A stored config, typed; undefined when it no longer fits the schema. */
export function parseStoredConfig(json: unknown): RunConfig | undefined {
  const parsed = runConfigSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

const percentiles = z.object({ p50: z.number(), p90: z.number(), p95: z.number(), p99: z.number(), avg: z.number(), max: z.number() });

/** lib/runner/report.ts StageReport as stored; `partial` marks a summary rebuilt from per-second points. */
export const storedReportSchema = z.object({
  partial: z.literal(true).optional(),
  label: z.string().optional(),
  requests: z.number(),
  successes: z.number(),
  failures: z.number(),
  rps: z.number().optional(),
  attemptRps: z.number().optional(),
  durationMs: z.number().optional(),
  drain: z.object({ requests: z.number(), failures: z.number(), durationMs: z.number() }).optional(),
  latencyMs: percentiles.nullable().optional(),
  ttftMs: percentiles.optional(),
  itlMs: percentiles.optional(),
  tpotMs: percentiles.optional(),
  overheadMs: percentiles.optional(),
  outputTokens: z.number().optional(),
  outputTokensPerSec: z.number().optional(),
  perUserTokensPerSec: z.number().optional(),
  tokensEstimated: z.boolean().optional(),
  errors: z.record(z.string(), z.object({ count: z.number(), sample: z.string() })).optional(),
  /** Written before validity existed: whether the generator was saturated. */
  clientBound: z.boolean().optional(),
  validity: z.object({ verdict: z.enum(['valid', 'suspect', 'invalid']), reasons: z.array(z.string()) }).optional(),
  stoppedEarly: z.string().optional(),
  /** Each threshold with its measured value and verdict; aborted: an abortOnFail one stopped the run. */
  thresholds: z
    .object({
      results: z.array(z.object({ expression: z.string(), passed: z.boolean(), actual: z.number().nullable(), abortOnFail: z.boolean() })),
      aborted: z.boolean(),
    })
    .optional(),
  /** A capacity run: every step, the limit found (the highest rate that held) and why. */
  capacity: z
    .object({
      search: capacitySearchSchema,
      steps: z.array(
        z.object({
          rate: z.number(),
          requests: z.number(),
          failures: z.number(),
          rps: z.number(),
          p95Ms: z.number().nullable(),
          p99Ms: z.number().nullable(),
          ttftP95Ms: z.number().nullable(),
          passed: z.boolean(),
          reason: z.string(),
          startSecond: z.number(),
        }),
      ),
      limitRps: z.number().nullable(),
      provenBy: z.number().nullable(),
      reached: z.boolean(),
      reason: z.string(),
    })
    .optional(),
  /** A result another tool wrote (lib/imports): from which files, what it gave, what it lacked, how terms map. */
  imported: z
    .object({
      tool: z.string(),
      files: z.array(z.string()),
      importedAt: z.string(),
      imported: z.array(z.string()),
      missing: z.array(z.string()),
      notes: z.array(z.string()),
      /** Each distribution as the tool reported it: only the fields it had (ms). */
      distributions: z.record(z.string(), z.record(z.string(), z.number())),
    })
    .optional(),
  /** Requests meeting every objective the run was given (PRODUCT.md: goodput). */
  goodput: z
    .object({
      objectives: z.object({ ttftMs: z.number().optional(), tpotMs: z.number().optional(), e2eMs: z.number().optional() }),
      requests: z.number(),
      share: z.number(),
      rps: z.number(),
    })
    .optional(),
});

export type StoredReport = z.output<typeof storedReportSchema>;

/** A stored report, typed; undefined when there is none or it does not fit. */
export function parseStoredReport(json: unknown): StoredReport | undefined {
  const parsed = storedReportSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
