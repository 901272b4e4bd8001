/**
 * The run configuration: one zod schema shared by the run form, the API, the CLI and the
 * runner, so a config that validates here is one the runner can execute.
 */
import '../validation';
import { z } from 'zod';
import { capacitySearchSchema } from './capacity-search';
import { thresholdSchema } from './thresholds';
import { apiFlavours, RUN_DEFAULTS } from './defaults';

export { apiFlavours, RUN_DEFAULTS, type ApiFlavour } from './defaults';

/** "8s", "2m", "1h30m", "500ms" or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = trimmed;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return trimmed.length > 0 ? total : undefined;
}

/** A duration in ms: a number, or text like "30s"; the error names the field and what it got. */
const durationMs = (what: string) =>
  z.unknown().transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a duration like 30s, 5m or 500ms (got "${String(value)}")` });
      return z.NEVER;
    }
    return Math.round(ms);
  }) as unknown as z.ZodType<number, number | string>;

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name may hold letters, digits and - only');

export const targetSchema = z.object({
  /** The full endpoint URL, e.g. http://127.0.0.1:4000/v1/chat/completions. */
  url: z
    .string()
    .trim()
    .url('the target URL must be a full URL such as http://127.0.0.1:4000/v1/chat/completions')
    .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), 'the target URL must start with http:// or https://'),
  flavour: z.enum(apiFlavours).default('openai-chat'),
  model: z.string().trim().max(200).default(RUN_DEFAULTS.model),
  headers: z.record(headerName, z.string().max(8192).regex(/^[^\r\n]*$/, 'a header value must be on one line')).default({}),
  apiKey: z.string().max(8192).optional(),
  /** Headers as secret as the key: sent, never stored with the run, redacted from what the target says. */
  secretHeaders: z.record(headerName, z.string().max(8192).regex(/^[^\r\n]*$/, 'a header value must be on one line')).optional(),
  /** The header the key is sent in as its whole value; absent: Authorization: Bearer <key>. */
  apiKeyHeader: headerName.optional(),
  /** Connect to this IP address instead of resolving the URL's host (the address an egress check approved). */
  address: z.union([z.ipv4(), z.ipv6()], { error: 'the target address must be an IP address' }).optional(),
  /** raw-http only. */
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST'),
  body: z.string().max(1_000_000).optional(),
});

export type TargetSpec = z.output<typeof targetSchema>;

/** The headers that carry a target's secrets: its secret headers, and its API key in its header. */
export function credentialHeaders(target: { apiKey?: string; apiKeyHeader?: string | null; secretHeaders?: Record<string, string> }): Record<string, string> {
  const secrets = Object.fromEntries(Object.entries(target.secretHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  if (!target.apiKey) return secrets;
  return { ...secrets, ...(target.apiKeyHeader ? { [target.apiKeyHeader.toLowerCase()]: target.apiKey } : { authorization: `Bearer ${target.apiKey}` }) };
}

/** Every secret value a target carries, for redaction. */
export function secretValues(target: { apiKey?: string; secretHeaders?: Record<string, string> }): string[] {
  return [...(target.apiKey ? [target.apiKey] : []), ...Object.values(target.secretHeaders ?? {})];
}

export const closedLoadSchema = z.object({
  model: z.literal('closed'),
  users: z.number().int().min(1, 'at least 1 user').max(20_000, 'at most 20,000 users').default(RUN_DEFAULTS.users),
  /** Users started per second; 0 starts them all at once. */
  spawnRate: z.number().min(0, 'the spawn rate cannot be negative').max(100_000).default(RUN_DEFAULTS.spawnRate),
  /** Each user waits a random time in [min, max] ms between requests (Locust's `between`). */
  thinkTimeMs: z
    .object({ min: z.number().min(0), max: z.number().min(0) })
    .refine((t) => t.max >= t.min, 'think time max must be at least its min')
    .optional(),
});

export const openLoadSchema = z.object({
  model: z.literal('open'),
  /** Intended arrivals per second. */
  rate: z.number().positive('the rate must be above 0 requests/s').max(100_000, 'at most 100,000 requests/s').default(RUN_DEFAULTS.rate),
  poisson: z.boolean().default(RUN_DEFAULTS.poisson),
  /** Requests in flight at most; arrivals beyond wait, and their wait counts in their latency. */
  maxInFlight: z.number().int().min(1, 'at least 1 request in flight').max(20_000).default(RUN_DEFAULTS.maxInFlight),
});

export const loadSchema = z.discriminatedUnion('model', [closedLoadSchema, openLoadSchema]);

export const promptSchema = z.object({
  kind: z.enum(['short', 'long', 'list']).default(RUN_DEFAULTS.promptKind),
  /** long: how many times the sentence is repeated. */
  repeat: z.number().int().min(1, 'repeat at least once').max(10_000).default(RUN_DEFAULTS.repeat),
  /** Put a random UUID in front of every prompt so no cache can answer it. */
  cacheBust: z.boolean().default(RUN_DEFAULTS.cacheBust),
  /** list: the prompts, used round-robin. */
  prompts: z.array(z.string().min(1).max(200_000)).max(10_000).optional(),
});

export const runConfigSchema = z
  .object({
    target: targetSchema,
    /**
     * An overhead run: the gateway's direct upstream (the model server it forwards to). Every
     * request is sent to both, interleaved, and the difference is the gateway's overhead.
     */
    upstream: targetSchema.optional(),
    load: loadSchema,
    /** Stop after this long (measured part, warm-up excluded)… */
    durationMs: durationMs('the duration').optional(),
    /** …or after this many measured requests, whichever comes first. Neither: the default duration. */
    requests: z.number().int().min(1, 'at least 1 request').max(100_000_000).optional(),
    warmupMs: durationMs('the warm-up').default(RUN_DEFAULTS.warmupMs),
    stream: z.boolean().default(RUN_DEFAULTS.stream),
    maxTokens: z.number().int().min(1, 'at least 1 token').max(1_000_000).default(RUN_DEFAULTS.maxTokens),
    prompt: promptSchema.default({ kind: RUN_DEFAULTS.promptKind, repeat: RUN_DEFAULTS.repeat, cacheBust: RUN_DEFAULTS.cacheBust }),
    timeoutMs: durationMs('the timeout').default(RUN_DEFAULTS.timeoutMs),
    /** Response bodies larger than this fail as protocol errors (guards memory). */
    maxBodyBytes: z.number().int().min(1024).max(1 << 30).default(RUN_DEFAULTS.maxBodyBytes),
    /** Response header carrying the gateway's own overhead in ms (LiteLLM's by default). */
    overheadHeader: headerName.default(RUN_DEFAULTS.overheadHeader),
    /** Stop the stage when every request has failed for this many seconds in a row (0: never). */
    stopOnFailureSeconds: z.number().int().min(0).max(3600).default(RUN_DEFAULTS.stopOnFailureSeconds),
    /** Goodput (PRODUCT.md): the objectives a request must meet to count as good; TTFT and TPOT need a stream. */
    objectives: z
      .object({
        ttftMs: z.number().positive('a TTFT objective must be above 0 ms').max(3_600_000).optional(),
        tpotMs: z.number().positive('a TPOT objective must be above 0 ms').max(3_600_000).optional(),
        e2eMs: z.number().positive('an end-to-end objective must be above 0 ms').max(3_600_000).optional(),
      })
      .refine((o) => o.ttftMs !== undefined || o.tpotMs !== undefined || o.e2eMs !== undefined, 'set at least one objective (TTFT, TPOT or end to end), or none')
      .optional(),
    /** Pass/fail thresholds ("p95_ms < 300"), judged at the end; those with abortOnFail also every second. */
    thresholds: z.array(thresholdSchema).max(20, 'at most 20 thresholds').default([]),
    /** A capacity run: raise the open model's rate from `load.rate` in steps, then bisect, until the objective breaks. */
    findCapacity: capacitySearchSchema.optional(),
    /** A sweep: run the same test once per value, as users (closed) or rate (open). */
    sweep: z.array(z.number().positive('sweep stages must be above 0')).min(1).max(50, 'at most 50 sweep stages').optional(),
    /** Scale out: split the load across this many load workers (`npm run worker`); 1: the app's own engine. */
    workers: z.number().int().min(1, 'at least 1 worker').max(64, 'at most 64 workers').default(1),
    /** When a worker is lost mid-run: go on with the others (the run is marked degraded), or stop. */
    onWorkerLost: z.enum(['continue', 'stop']).default('continue'),
    /** Set on a worker's share of a split run: each second's point carries its encoded latency histogram, for an exact merge. */
    pointHistograms: z.boolean().optional(),
  })
  .refine((c) => c.prompt.kind !== 'list' || (c.prompt.prompts?.length ?? 0) > 0, {
    message: 'a prompt list needs at least one prompt',
    path: ['prompt', 'prompts'],
  })
  .refine((c) => c.stream || (c.objectives?.ttftMs === undefined && c.objectives?.tpotMs === undefined), {
    message: 'TTFT and TPOT objectives need streamed replies: tick "Stream replies", or set an end-to-end objective only',
    path: ['objectives'],
  })
  .refine((c) => !c.findCapacity || c.load.model === 'open', {
    message: 'finding the limit raises an arrival rate: choose the open model (its rate is the first step)',
    path: ['findCapacity'],
  })
  .refine((c) => !c.findCapacity || (!c.sweep && !c.upstream), {
    message: 'finding the limit is a run of its own: no sweep or overhead run with it',
    path: ['findCapacity'],
  })
  .refine((c) => c.workers === 1 || (!c.sweep && !c.upstream && !c.findCapacity), {
    message: 'a run split across workers is one load: no sweep, overhead run or capacity search with it',
    path: ['workers'],
  })
  .refine((c) => c.workers === 1 || c.load.model === 'open' || c.load.users >= c.workers, {
    message: 'give every worker at least one user: as many users as workers, or fewer workers',
    path: ['workers'],
  })
  .refine((c) => c.load.model !== 'closed' || !c.sweep || c.sweep.every((users) => Number.isInteger(users) && users >= 1), {
    message: 'a sweep of users needs whole numbers of at least 1 (e.g. 1, 10, 50)',
    path: ['sweep'],
  })
  .transform((c) => (c.durationMs === undefined && c.requests === undefined ? { ...c, durationMs: RUN_DEFAULTS.durationMs } : c));

export type RunConfigInput = z.input<typeof runConfigSchema>;
export type RunConfig = z.output<typeof runConfigSchema>;
export type LoadConfig = RunConfig['load'];

/** One stage of a run as the engine runs it: its id (the stage's run id, or its index), label and config. */
export interface StagePlan {
  id: string;
  label: string;
  config: RunConfig;
  /** An overhead stage: the run id its upstream arm is recorded under. */
  pairedId?: string;
}

/** The stages a config expands to, once: one per sweep value, or the config itself. */
export function expandStages(config: RunConfig, ids: (index: number) => string = String): StagePlan[] {
  // An overhead stage records its upstream arm apart; the caller may rename it (the manager: the arm's run id).
  const paired = (id: string) => (config.upstream ? { pairedId: `${id}:upstream` } : {});
  if (!config.sweep) return [{ id: ids(0), label: config.findCapacity ? `find the limit from ${describeLoad(config.load)}` : describeLoad(config.load), config, ...paired(ids(0)) }];
  return config.sweep.map((value, index) => {
    const load: LoadConfig =
      config.load.model === 'closed' ? { ...config.load, users: Math.round(value) } : { ...config.load, rate: value };
    return { id: ids(index), label: describeLoad(load), config: { ...config, load, sweep: undefined }, ...paired(ids(index)) };
  });
}

export function describeLoad(load: LoadConfig): string {
  return load.model === 'closed' ? `${load.users} user${load.users === 1 ? '' : 's'}` : `${load.rate} req/s`;
}

/** Messages a user can act on, keyed by the field path (e.g. "load.users"). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    errors[key] ??= issue.message;
  }
  return errors;
}
