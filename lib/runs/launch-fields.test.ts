import { describe, expect, it } from 'vitest';
import { buildLaunch, launchFormSchema } from './launch-form';

const target = { id: '00000000-0000-4000-8000-000000000001', name: 'gw', baseUrl: 'http://127.0.0.1:4000', apiFlavour: 'openai_chat', defaultModel: 'gpt-x', extraHeaders: { 'x-a': '1' }, secret: { apiKey: 'sk-1' } };
const base = {
  targetId: target.id, model: '', loadModel: 'closed', users: '100', spawnRate: '50', thinkMin: '500', thinkMax: '1000', rate: '', maxInFlight: '',
  stopBy: 'duration', duration: '2m', requests: '', warmup: '5s', promptKind: 'long', repeat: '150', cacheBust: 'on', maxTokens: '', timeout: '',
  sweep: '', gatewayName: 'LiteLLM', gatewayVersion: '1.79.1-stable', instanceCount: '4', machineCpus: '4', machineRamGb: '8', usesPostgres: 'yes', usesRedis: 'no', tags: 'nightly, db',
};

describe('the New run form', () => {
  it('builds the config and labels from form fields', () => {
    const result = buildLaunch(launchFormSchema.parse(base), target);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      target: { url: 'http://127.0.0.1:4000/v1/chat/completions', flavour: 'openai-chat', model: 'gpt-x', headers: { 'x-a': '1' }, apiKey: 'sk-1' },
      load: { model: 'closed', users: 100, spawnRate: 50, thinkTimeMs: { min: 500, max: 1000 } },
      durationMs: 120_000,
      warmupMs: 5000,
      prompt: { kind: 'long', repeat: 150, cacheBust: true },
    });
    expect(result.labels).toEqual({ gatewayName: 'LiteLLM', gatewayVersion: '1.79.1-stable', instanceCount: 4, machineCpus: 4, machineRamGb: 8, usesPostgres: true, usesRedis: false, tags: ['nightly', 'db'] });
  });

  it('names the field that is wrong', () => {
    const result = buildLaunch(launchFormSchema.parse({ ...base, users: '0', duration: 'forever', thinkMin: '900', thinkMax: '100', sweep: '1, x', instanceCount: '0' }), target);
    expect(result).toEqual({
      ok: false,
      errors: {
        users: 'at least 1 user',
        duration: 'the duration must be a duration like 30s, 5m or 500ms (got "forever")',
        thinkMax: 'think time max must be at least its min',
        sweep: 'write the stages as positive numbers separated by commas, e.g. 1, 10, 50',
        instanceCount: 'at least 1 instance',
      },
    });
  });

  it('asks for a request count when stopping by count', () => {
    const result = buildLaunch(launchFormSchema.parse({ ...base, stopBy: 'requests', requests: '' }), target);
    expect(result).toMatchObject({ ok: false, errors: { requests: 'give the number of requests' } });
  });

  it('rejects a number field that is not a number', () => {
    const parsed = launchFormSchema.safeParse({ ...base, users: 'lots' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['users'], message: 'users must be a number' });
  });
});
