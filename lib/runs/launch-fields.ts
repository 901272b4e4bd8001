/**
 * The New run form's fields (also the JSON API's body): flat strings → a run config input and
 * labels, and errors by config path → the field a user fixes. The config's defaults are the
 * schema's (lib/runner/defaults.ts); a field left empty means "the default".
 */
import { z } from 'zod';
import { checkboxField, numberField, yesNoField } from '../form-fields';
import { parseDuration, RUN_DEFAULTS, type RunConfigInput } from '../runner/config';
import { endpointUrl, flavourFromDb, storedHeaders, type TargetForRequests } from '../targets/endpoint';

/** Text where empty means "not given". */
const text = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

export const launchFieldsSchema = z.object({
  targetId: z.uuid('choose a target'),
  model: text,
  loadModel: z.enum(['closed', 'open']).default('closed'),
  users: numberField('users'),
  spawnRate: numberField('spawn rate'),
  thinkMin: numberField('think time'),
  thinkMax: numberField('think time'),
  rate: numberField('rate'),
  poisson: checkboxField,
  maxInFlight: numberField('in-flight cap'),
  stopBy: z.enum(['duration', 'requests']).default('duration'),
  duration: text,
  requests: numberField('request count'),
  warmup: text,
  stream: checkboxField,
  promptKind: z.enum(['short', 'long']).default(RUN_DEFAULTS.promptKind),
  repeat: numberField('repeat'),
  cacheBust: checkboxField,
  maxTokens: numberField('max tokens'),
  timeout: text,
  sweep: text,
  gatewayName: z.string().default(''),
  gatewayVersion: z.string().default(''),
  instanceCount: numberField('instance count'),
  machineCpus: numberField('CPUs'),
  machineRamGb: numberField('RAM'),
  usesPostgres: yesNoField,
  usesRedis: yesNoField,
  tags: z.string().default(''),
  /** Start without sending one request first to check the target answers. */
  skipProbe: checkboxField,
  /** Pass/fail thresholds, one per line: "p95_ms < 300", optionally followed by "abort" or "abort after 20s". */
  thresholds: z.string().max(5000, 'too many thresholds').default(''),
  /** A capacity run: raise the open model's rate until the objective breaks. */
  findCapacity: checkboxField,
  capObjective: z.enum(['p95', 'p99', 'ttftP95'], { error: 'choose p95, p99 or TTFT p95' }).default('p95'),
  capLimitMs: numberField('latency objective'),
  /** Percent, e.g. 1 for 1%. */
  capMaxFailurePct: numberField('failure bound'),
  capStep: text,
  capMaxRate: numberField('highest rate'),
  /** Goodput objectives in ms (empty: not set). */
  sloTtft: numberField('TTFT objective'),
  sloTpot: numberField('TPOT objective'),
  sloE2e: numberField('end-to-end objective'),
  /** none: a run; overhead: the target and its upstream, interleaved; ab: the target against others in rounds. */
  experiment: z.enum(['none', 'overhead', 'ab'], { error: 'choose a run, an overhead run or an A/B experiment' }).default('none'),
  /** A/B: the other targets, comma-separated ids, in order (B, C, …). */
  compareWith: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.uuid('choose the targets to compare from the list')).max(5, 'compare at most 6 targets at once')),
  rounds: numberField('rounds'),
  /** A/B: the baseline again as one more arm (A/A), to show this setup's noise floor. */
  aaArm: checkboxField,
  experimentTitle: z.string().trim().max(200, 'at most 200 characters').default(''),
  /** Scale out: split the load across this many load workers (empty: 1, the app's own engine). */
  workers: numberField('workers'),
  /** When a worker is lost mid-run: continue (degraded) or stop. */
  onWorkerLost: z.enum(['continue', 'stop'], { error: 'choose continue or stop' }).default('continue'),
});

export type LaunchFields = z.output<typeof launchFieldsSchema>;

/**
 * The form's fields as a config input: what the user gave, nothing else (the schema adds the
 * defaults), and the mistakes only the form's shape can show, by field.
 */
export function configInputFromFields(fields: LaunchFields, target: TargetForRequests): { input: RunConfigInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (fields.stopBy === 'requests' && fields.requests === undefined) errors.requests = 'give the number of requests';
  const thresholds = thresholdLines(fields.thresholds);
  if ('error' in thresholds) errors.thresholds = thresholds.error;
  if (fields.findCapacity && fields.capLimitMs === undefined) errors.capLimitMs = 'give the latency objective the limit is found for, e.g. 200';
  if (fields.findCapacity && fields.capStep !== undefined && parseDuration(fields.capStep) === undefined) errors.capStep = 'a step lasts a duration like 10s or 1m';
  const sweep = fields.sweep?.split(',').map((v) => Number(v.trim()));
  if (sweep?.some((v) => !Number.isFinite(v) || v <= 0)) errors.sweep = 'write the stages as positive numbers separated by commas, e.g. 1, 10, 50';
  const flavour = flavourFromDb(target.apiFlavour);
  const input: RunConfigInput = {
    target: {
      url: endpointUrl(target.baseUrl, flavour),
      flavour,
      model: fields.model ?? target.defaultModel ?? undefined,
      headers: storedHeaders(target.extraHeaders),
      apiKey: target.secret?.apiKey,
      secretHeaders: target.secret?.headers,
      apiKeyHeader: target.apiKeyHeader ?? undefined,
    },
    overheadHeader: target.overheadHeader ?? undefined,
    load:
      fields.loadModel === 'closed'
        ? {
            model: 'closed',
            users: fields.users,
            spawnRate: fields.spawnRate,
            thinkTimeMs: fields.thinkMin !== undefined || fields.thinkMax !== undefined ? { min: fields.thinkMin ?? 0, max: fields.thinkMax ?? fields.thinkMin ?? 0 } : undefined,
          }
        : { model: 'open', rate: fields.rate, poisson: fields.poisson, maxInFlight: fields.maxInFlight },
    ...(fields.stopBy === 'duration' ? { durationMs: fields.duration } : { requests: fields.requests }),
    warmupMs: fields.warmup,
    stream: fields.stream,
    maxTokens: fields.maxTokens,
    prompt: { kind: fields.promptKind, repeat: fields.repeat, cacheBust: fields.cacheBust },
    timeoutMs: fields.timeout,
    sweep: errors.sweep ? undefined : sweep,
    // Without its objective the field error above stands alone.
    findCapacity: fields.findCapacity && fields.capLimitMs !== undefined
      ? {
          objective: fields.capObjective,
          limitMs: fields.capLimitMs,
          maxFailureRate: fields.capMaxFailurePct === undefined ? undefined : fields.capMaxFailurePct / 100,
          stepMs: fields.capStep === undefined ? undefined : parseDuration(fields.capStep),
          maxRate: fields.capMaxRate,
        }
      : undefined,
    thresholds: 'error' in thresholds ? undefined : thresholds.list,
    workers: fields.workers,
    onWorkerLost: fields.onWorkerLost,
    objectives:
      fields.sloTtft !== undefined || fields.sloTpot !== undefined || fields.sloE2e !== undefined
        ? { ttftMs: fields.sloTtft, tpotMs: fields.sloTpot, e2eMs: fields.sloE2e }
        : undefined,
  };
  return { input, errors };
}

/** "p95_ms < 300 abort after 20s" lines → thresholds; the first line that cannot be read says why. */
export function thresholdLines(text: string): { list: { expression: string; abortOnFail: boolean; abortAfterMs?: number }[] } | { error: string } {
  const list: { expression: string; abortOnFail: boolean; abortAfterMs?: number }[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(.*?)(?:\s+abort(?:\s+after\s+(\S+))?)?$/i.exec(line)!;
    const abortAfterMs = match[2] === undefined ? undefined : parseDuration(match[2]);
    if (match[2] !== undefined && abortAfterMs === undefined) return { error: `line ${index + 1}: "abort after" takes a duration like 20s` };
    list.push({ expression: match[1], abortOnFail: /\sabort\b/i.test(` ${line.slice(match[1].length)}`), abortAfterMs });
  }
  return { list };
}

/** The labels as the form gives them, for runLabelsSchema. */
export function labelInputFromFields(fields: LaunchFields) {
  return {
    gatewayName: fields.gatewayName,
    gatewayVersion: fields.gatewayVersion,
    instanceCount: fields.instanceCount,
    machineCpus: fields.machineCpus,
    machineRamGb: fields.machineRamGb,
    usesPostgres: fields.usesPostgres,
    usesRedis: fields.usesRedis,
    tags: fields.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
}

/** Config paths → the form field that edits them (the longest matching prefix wins). */
const FIELD_OF: Record<string, string> = {
  target: 'targetId',
  'target.model': 'model',
  'load.users': 'users',
  'load.spawnRate': 'spawnRate',
  'load.thinkTimeMs': 'thinkMax',
  'load.thinkTimeMs.min': 'thinkMin',
  'load.thinkTimeMs.max': 'thinkMax',
  'load.rate': 'rate',
  'load.maxInFlight': 'maxInFlight',
  durationMs: 'duration',
  requests: 'requests',
  warmupMs: 'warmup',
  maxTokens: 'maxTokens',
  timeoutMs: 'timeout',
  prompt: 'repeat',
  sweep: 'sweep',
  upstream: 'experiment',
  thresholds: 'thresholds',
  workers: 'workers',
  findCapacity: 'findCapacity',
  'findCapacity.limitMs': 'capLimitMs',
  'findCapacity.maxFailureRate': 'capMaxFailurePct',
  'findCapacity.stepMs': 'capStep',
  'findCapacity.maxRate': 'capMaxRate',
  objectives: 'sloTtft',
  'objectives.ttftMs': 'sloTtft',
  'objectives.tpotMs': 'sloTpot',
  'objectives.e2eMs': 'sloE2e',
};

/** The form field a config path (or a label, `labels.<name>`) is edited in. */
export function fieldOf(path: string): string {
  if (path.startsWith('labels.')) return path.split('.')[1];
  for (let at = path; at; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
    if (FIELD_OF[at]) return FIELD_OF[at];
  }
  return 'form';
}

/** Errors by config path → errors by form field, the first message per field. */
export function errorsByField(errors: Record<string, string>): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) byField[fieldOf(path)] ??= message;
  return byField;
}
