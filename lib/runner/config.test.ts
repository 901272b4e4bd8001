import { describe, expect, it } from 'vitest';
import { expandStages, fieldErrors, parseDuration, runConfigSchema } from './config';
import { RUN_DEFAULTS } from './defaults';

describe('parseDuration', () => {
  it.each([
    ['8s', 8000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['30', 30_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'ten seconds', '5x', 's'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('runConfigSchema', () => {
  const base = { target: { url: 'http://127.0.0.1:8100/v1/chat/completions' }, load: { model: 'closed', users: 10 } } as const;

  it('fills sane defaults', () => {
    const config = runConfigSchema.parse({ ...base, durationMs: '30s' });
    expect(config).toMatchObject({
      durationMs: 30_000,
      warmupMs: 5000,
      stopOnFailureSeconds: 10,
      stream: false,
      maxTokens: 64,
      timeoutMs: 60_000,
      overheadHeader: 'x-litellm-overhead-duration-ms',
      target: { flavour: 'openai-chat', model: 'mock-gpt', headers: {} },
      load: { model: 'closed', users: 10, spawnRate: 0 },
      prompt: { kind: 'short', cacheBust: false },
    });
  });

  it('stops after the default duration when given neither a duration nor a request count', () => {
    const neither = runConfigSchema.parse(base);
    expect([neither.durationMs, neither.requests]).toEqual([RUN_DEFAULTS.durationMs, undefined]);
    const count = runConfigSchema.parse({ ...base, requests: 500 });
    expect([count.durationMs, count.requests]).toEqual([undefined, 500]);
  });

  it('says which field is wrong and how', () => {
    const result = runConfigSchema.safeParse({
      target: { url: 'not a url', headers: { 'bad header': 'x' } },
      load: { model: 'closed', users: 0, thinkTimeMs: { min: 1000, max: 500 } },
      durationMs: 'soon',
    });
    expect(fieldErrors(result.error!)).toMatchObject({
      'target.url': expect.stringContaining('must be a full URL'),
      'load.users': 'at least 1 user',
      'load.thinkTimeMs': 'think time max must be at least its min',
      durationMs: 'the duration must be a duration like 30s, 5m or 500ms (got "soon")',
    });
  });

  it('expands a sweep into one stage per value', () => {
    const config = runConfigSchema.parse({ ...base, requests: 100, sweep: [1, 10, 50] });
    expect(expandStages(config).map((s) => [s.label, s.config.load.model === 'closed' && s.config.load.users])).toEqual([
      ['1 user', 1],
      ['10 users', 10],
      ['50 users', 50],
    ]);
    const open = runConfigSchema.parse({ ...base, load: { model: 'open', rate: 10 }, requests: 100, sweep: [100, 200] });
    expect(expandStages(open).map((s) => s.label)).toEqual(['100 req/s', '200 req/s']);
  });

  it('refuses a sweep of users that would round to none or to a fraction (finding 9)', () => {
    const result = runConfigSchema.safeParse({ ...base, durationMs: '10s', sweep: [0.4, 2] });
    expect(fieldErrors(result.error!)).toEqual({ sweep: 'a sweep of users needs whole numbers of at least 1 (e.g. 1, 10, 50)' });
    expect(runConfigSchema.safeParse({ ...base, durationMs: '10s', load: { model: 'open', rate: 5 }, sweep: [0.5, 2] }).success).toBe(true);
  });
});
