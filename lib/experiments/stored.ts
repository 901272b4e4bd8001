/**
 * An experiment's JSON columns (config, result), written and read back through here only.
 */
import { z } from 'zod';

export const experimentConfigSchema = z.object({
  /** The arms in order (0 is the baseline); an overhead run's are the gateway and its upstream. */
  arms: z.array(z.object({ name: z.string(), targetId: z.string().nullable(), aa: z.boolean().default(false) })).min(2),
  rounds: z.number().int().min(1),
  seed: z.number().int(),
  /** The load every arm got, as text (e.g. "50 users · 30 s"). */
  load: z.string(),
  stream: z.boolean().default(false),
});

export type ExperimentConfig = z.output<typeof experimentConfigSchema>;

const interval = z.object({ n: z.number(), mean: z.number(), sd: z.number(), low: z.number().nullable(), high: z.number().nullable() });
const difference = z.object({
  difference: z.number(),
  relative: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  df: z.number().nullable(),
  verdict: z.enum(['better', 'worse', 'same', 'unknown']),
});
const quantileDifferences = z.object({
  quantiles: z.array(z.object({ q: z.number(), gateway: z.number(), direct: z.number(), difference: z.number(), low: z.number().nullable(), high: z.number().nullable() })),
  resampled: z.enum(['seconds', 'requests']),
  replicates: z.number(),
  level: z.number(),
  samples: z.object({ gateway: z.number(), direct: z.number(), seconds: z.number() }),
});

export const experimentResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ab'),
    arms: z.array(z.object({ arm: z.number(), name: z.string(), aa: z.boolean() })),
    rounds: z.number(),
    completeRounds: z.number(),
    metrics: z.array(
      z.object({
        key: z.enum(['latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'rps', 'ttftP50Ms', 'ttftP95Ms']),
        label: z.string(),
        short: z.string(),
        unit: z.string(),
        direction: z.enum(['lower', 'higher']),
        arms: z.array(z.object({ arm: z.number(), rounds: z.array(z.number().nullable()), interval: interval.nullable() })),
        differences: z.array(difference.extend({ arm: z.number() })),
        noise: difference.nullable(),
      }),
    ),
    summary: z.string(),
  }),
  z.object({
    kind: z.literal('overhead'),
    gateway: z.string(),
    upstream: z.string(),
    latency: quantileDifferences.nullable(),
    ttft: quantileDifferences.nullable(),
    selfReported: z.object({ header: z.string(), p50: z.number(), p95: z.number(), p99: z.number() }).nullable(),
    throughput: z
      .object({ method: z.enum(['littles-law', 'measured']), users: z.number().optional(), gatewayRps: z.number(), directRps: z.number(), lostRps: z.number(), lostShare: z.number() })
      .nullable(),
    summary: z.string(),
  }),
]);

export type ExperimentResult = z.output<typeof experimentResultSchema>;

export function parseExperimentConfig(json: unknown): ExperimentConfig | undefined {
  const parsed = experimentConfigSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export function parseExperimentResult(json: unknown): ExperimentResult | undefined {
  const parsed = experimentResultSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
