/**
 * The New run form: flat form fields → a validated run config and labels. Errors come back
 * keyed by the form's own field names, in words a user can act on.
 */
import { z } from 'zod';
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../runner/config';
import { endpointUrl, flavourFromDb, type TargetForRequests } from '../targets/endpoint';
import { runLabelsSchema, type RunLabels } from './labels';

/** A number typed into a text field; empty or absent (a hidden field) means "not given". */
const number = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim() ?? '';
      if (text === '') return undefined;
      const value = Number(text);
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number` });
        return z.NEVER;
      }
      return value;
    });
const yesNo = z
  .enum(['', 'yes', 'no'], { error: 'answer yes, no, or leave it empty' })
  .default('')
  .transform((v) => (v === '' ? undefined : v === 'yes'));
const checkbox = z.string().optional().transform((v) => v === 'on');

export const launchFormSchema = z.object({
  targetId: z.string().uuid('choose a target'),
  model: z.string().trim().max(200).default(''),
  loadModel: z.enum(['closed', 'open']),
  users: number('users'),
  spawnRate: number('spawn rate'),
  thinkMin: number('think time'),
  thinkMax: number('think time'),
  rate: number('rate'),
  poisson: checkbox,
  maxInFlight: number('in-flight cap'),
  stopBy: z.enum(['duration', 'requests']),
  duration: z.string().trim().default(''),
  requests: number('request count'),
  warmup: z.string().trim().default(''),
  stream: checkbox,
  promptKind: z.enum(['short', 'long']),
  repeat: number('repeat'),
  cacheBust: checkbox,
  maxTokens: number('max tokens'),
  timeout: z.string().trim().default(''),
  sweep: z.string().trim().default(''),
  gatewayName: z.string().default(''),
  gatewayVersion: z.string().default(''),
  instanceCount: number('instance count'),
  machineCpus: number('CPUs'),
  machineRamGb: number('RAM'),
  usesPostgres: yesNo,
  usesRedis: yesNo,
  tags: z.string().default(''),
});

/** Config paths → the form field that edits them. */
const FIELD_OF: Record<string, string> = {
  'target.url': 'targetId',
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
  'prompt.repeat': 'repeat',
  sweep: 'sweep',
};

export interface TargetForLaunch extends TargetForRequests {
  id: string;
  name: string;
}

export type LaunchForm = z.output<typeof launchFormSchema>;

export function buildLaunch(form: LaunchForm, target: TargetForLaunch): { ok: true; config: RunConfig; labels: RunLabels } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sweep = form.sweep ? form.sweep.split(',').map((v) => Number(v.trim())) : undefined;
  if (sweep?.some((v) => !Number.isFinite(v) || v <= 0)) errors.sweep = 'write the stages as positive numbers separated by commas, e.g. 1, 10, 50';
  if (form.stopBy === 'requests' && form.requests === undefined) errors.requests = 'give the number of requests';
  const stop = form.stopBy === 'duration' ? { durationMs: form.duration || '30s' } : { requests: form.requests ?? 1 };
  const flavour = flavourFromDb(target.apiFlavour);
  const input: RunConfigInput = {
    target: {
      url: endpointUrl(target.baseUrl, flavour),
      flavour,
      model: form.model || target.defaultModel || 'mock-gpt',
      headers: (target.extraHeaders ?? {}) as Record<string, string>,
      apiKey: target.secret?.apiKey,
      apiKeyHeader: target.apiKeyHeader ?? undefined,
    },
    load:
      form.loadModel === 'closed'
        ? {
            model: 'closed',
            users: form.users ?? 10,
            spawnRate: form.spawnRate ?? 0,
            thinkTimeMs: form.thinkMin !== undefined || form.thinkMax !== undefined ? { min: form.thinkMin ?? 0, max: form.thinkMax ?? form.thinkMin ?? 0 } : undefined,
          }
        : { model: 'open', rate: form.rate ?? 10, poisson: form.poisson, maxInFlight: form.maxInFlight ?? 1000 },
    ...stop,
    warmupMs: form.warmup || 0,
    stream: form.stream,
    maxTokens: form.maxTokens ?? 64,
    prompt: { kind: form.promptKind, repeat: form.repeat ?? 150, cacheBust: form.cacheBust },
    timeoutMs: form.timeout || '60s',
    sweep: errors.sweep ? undefined : sweep,
  };
  const config = runConfigSchema.safeParse(input);
  const labels = runLabelsSchema.safeParse({
    gatewayName: form.gatewayName,
    gatewayVersion: form.gatewayVersion,
    instanceCount: form.instanceCount,
    machineCpus: form.machineCpus,
    machineRamGb: form.machineRamGb,
    usesPostgres: form.usesPostgres,
    usesRedis: form.usesRedis,
    tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean),
  });
  if (!config.success) for (const issue of config.error.issues) errors[FIELD_OF[issue.path.join('.')] ?? 'form'] ??= issue.message;
  if (!labels.success) for (const issue of labels.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (Object.keys(errors).length || !config.success || !labels.success) return { ok: false, errors };
  return { ok: true, config: config.data, labels: labels.data };
}
