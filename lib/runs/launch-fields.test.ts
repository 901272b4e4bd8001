import { describe, expect, it } from 'vitest';
import { fieldErrors, RUN_DEFAULTS, runConfigSchema } from '../runner/config';
import { runLabelsSchema } from './labels';
import { configInputFromFields, errorsByField, fieldOf, labelInputFromFields, launchFieldsSchema } from './launch-fields';

const target = { baseUrl: 'http://127.0.0.1:4000', apiFlavour: 'openai_chat', defaultModel: 'gpt-x', extraHeaders: { 'x-a': '1' }, secret: { apiKey: 'sk-1', headers: { 'x-functions-key': 'fk-1' } } };
const base = {
  targetId: '00000000-0000-4000-8000-000000000001', model: '', loadModel: 'closed', users: '100', spawnRate: '50', thinkMin: '500', thinkMax: '1000', rate: '', maxInFlight: '',
  stopBy: 'duration', duration: '2m', requests: '', warmup: '5s', promptKind: 'long', repeat: '150', cacheBust: 'on', maxTokens: '', timeout: '',
  sweep: '', gatewayName: 'LiteLLM', gatewayVersion: '1.79.1-stable', instanceCount: '4', machineCpus: '4', machineRamGb: '8', usesPostgres: 'yes', usesRedis: 'no', tags: 'nightly, db',
};

/** The form's path through the boundary: fields → config input → the one parse, errors by field. */
function fromForm(fields: Record<string, string>) {
  const decoded = launchFieldsSchema.parse(fields);
  const { input, errors } = configInputFromFields(decoded, target);
  const config = runConfigSchema.safeParse(input);
  const labels = runLabelsSchema.safeParse(labelInputFromFields(decoded));
  const byPath = { ...(config.success ? {} : fieldErrors(config.error)), ...(labels.success ? {} : Object.fromEntries(Object.entries(fieldErrors(labels.error)).map(([k, v]) => [`labels.${k}`, v]))) };
  return { config: config.data, labels: labels.data, errors: { ...errors, ...errorsByField(byPath) } };
}

describe('the New run form', () => {
  it('builds the config and labels from form fields', () => {
    const result = fromForm(base);
    expect(result.errors).toEqual({});
    expect(result.config).toMatchObject({
      target: { url: 'http://127.0.0.1:4000/v1/chat/completions', flavour: 'openai-chat', model: 'gpt-x', headers: { 'x-a': '1' }, apiKey: 'sk-1' },
      load: { model: 'closed', users: 100, spawnRate: 50, thinkTimeMs: { min: 500, max: 1000 } },
      durationMs: 120_000,
      warmupMs: 5000,
      prompt: { kind: 'long', repeat: 150, cacheBust: true },
    });
    expect(result.labels).toEqual({ gatewayName: 'LiteLLM', gatewayVersion: '1.79.1-stable', instanceCount: 4, machineCpus: 4, machineRamGb: 8, usesPostgres: true, usesRedis: false, tags: ['nightly', 'db'] });
  });

  it('leaves what the user did not give to the schema defaults (one set, lib/runner/defaults.ts)', () => {
    const closed = fromForm({ targetId: base.targetId });
    expect(closed.config).toMatchObject({
      load: { model: 'closed', users: RUN_DEFAULTS.users, spawnRate: RUN_DEFAULTS.spawnRate },
      durationMs: RUN_DEFAULTS.durationMs,
      maxTokens: RUN_DEFAULTS.maxTokens,
      timeoutMs: RUN_DEFAULTS.timeoutMs,
      prompt: { kind: RUN_DEFAULTS.promptKind, repeat: RUN_DEFAULTS.repeat, cacheBust: false },
      target: { model: 'gpt-x' },
    });
    const open = fromForm({ targetId: base.targetId, loadModel: 'open' });
    expect(open.config?.load).toEqual({ model: 'open', rate: RUN_DEFAULTS.rate, poisson: false, maxInFlight: RUN_DEFAULTS.maxInFlight });
  });

  it('names every field that is wrong, at once', () => {
    const result = fromForm({ ...base, users: '0', duration: 'forever', thinkMin: '900', thinkMax: '100', sweep: '1, x', instanceCount: '0' });
    expect(result.errors).toEqual({
      users: 'at least 1 user',
      duration: 'the duration must be a duration like 30s, 5m or 500ms (got "forever")',
      thinkMax: 'think time max must be at least its min',
      sweep: 'write the stages as positive numbers separated by commas, e.g. 1, 10, 50',
      instanceCount: 'at least 1 instance',
    });
  });

  it('asks for a request count when stopping by count', () => {
    expect(fromForm({ ...base, stopBy: 'requests', requests: '' }).errors).toMatchObject({ requests: 'give the number of requests' });
  });

  it('rejects a number field that is not a number', () => {
    const parsed = launchFieldsSchema.safeParse({ ...base, users: 'lots' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['users'], message: 'users must be a number' });
  });
});

describe('config paths → form fields', () => {
  it('maps each path to the field that edits it, the longest prefix first', () => {
    expect(fieldOf('load.users')).toBe('users');
    expect(fieldOf('load.thinkTimeMs.min')).toBe('thinkMin');
    expect(fieldOf('target')).toBe('targetId');
    expect(fieldOf('target.url')).toBe('targetId');
    expect(fieldOf('target.model')).toBe('model');
    expect(fieldOf('sweep.2')).toBe('sweep');
    expect(fieldOf('prompt.repeat')).toBe('repeat');
    expect(fieldOf('labels.instanceCount')).toBe('instanceCount');
    expect(fieldOf('somethingElse')).toBe('form');
  });
});
