/** Hostile or broken servers: every request ends as a classified failure, the run completes. */
import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { startMockServer, type MockOptionsInput, type MockServer } from '../mock/server';
import { freePort } from '../../test/free-port';
import { runConfigSchema } from './config';
import { runToEnd } from '../../test/run-to-end';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function runAgainst(options: MockOptionsInput, extra: { stream?: boolean; timeoutMs?: number; maxBodyBytes?: number; requests?: number } = {}) {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  const { stage } = await runToEnd({
    target: { url: `${server.url}/v1/chat/completions` },
    load: { model: 'closed', users: 2 },
    requests: extra.requests ?? 6,
    stream: extra.stream ?? false,
    timeoutMs: extra.timeoutMs ?? 5000,
    ...(extra.maxBodyBytes ? { maxBodyBytes: extra.maxBodyBytes } : {}),
  });
  expect(stage.requests).toBe(extra.requests ?? 6);
  expect(stage.successes + stage.failures).toBe(stage.requests);
  return stage;
}

const onlyClass = (stage: Awaited<ReturnType<typeof runAgainst>>) => Object.keys(stage.failuresByClass);

describe('every failure is classified and the run completes', () => {
  it('malformed SSE is a protocol error', async () => {
    const stage = await runAgainst({ fault: 'malformed-sse' }, { stream: true });
    expect(onlyClass(stage)).toEqual(['protocol_error']);
    expect(stage.failuresByClass.protocol_error.sample).toMatch(/malformed SSE event \(not JSON\): \{not json/);
  });

  it('a stream cut off before [DONE] is a protocol error', async () => {
    const stage = await runAgainst({ fault: 'truncated-sse' }, { stream: true });
    expect(stage.failuresByClass.protocol_error.sample).toMatch(/before "data: \[DONE\]"/);
  });

  it('a non-JSON reply is a protocol error with the start of the reply', async () => {
    const stage = await runAgainst({ fault: 'non-json' });
    expect(stage.failuresByClass.protocol_error.sample).toMatch(/not JSON: <html>502 Bad Gateway/);
  });

  it('a JSON reply where a stream was asked for is a protocol error', async () => {
    const stage = await runAgainst({ fault: 'non-json' }, { stream: true });
    expect(stage.failuresByClass.protocol_error.sample).toMatch(/expected an SSE stream/);
  });

  it('a huge body is cut at the cap', async () => {
    const stage = await runAgainst({ fault: 'huge-body' }, { maxBodyBytes: 1 << 20, requests: 2 });
    expect(onlyClass(stage)).toEqual(['body_too_large']);
  });

  it('a slow trickle times out as a whole, even though bytes keep coming', async () => {
    const stage = await runAgainst({ fault: 'trickle' }, { timeoutMs: 700, requests: 2 });
    expect(onlyClass(stage)).toEqual(['timeout']);
    expect(stage.failuresByClass.timeout.sample).toMatch(/within 700 ms/);
  });

  it('a server that never answers times out', async () => {
    const stage = await runAgainst({ fault: 'hang' }, { timeoutMs: 500, requests: 2 });
    expect(onlyClass(stage)).toEqual(['timeout']);
  });

  it('a reset connection is a connection reset', async () => {
    const stage = await runAgainst({ fault: 'reset' });
    expect(onlyClass(stage)).toEqual(['connection_reset']);
  });

  it('a rate limit shows as HTTP 429 with its message, beside the successes', async () => {
    const stage = await runAgainst({ rateLimitRpm: 5 }, { requests: 12 });
    expect(stage.successes).toBe(5);
    expect(stage.failuresByClass.http_429.count).toBe(7);
    expect(stage.failuresByClass.http_429.sample).toMatch(/HTTP 429: .*Rate limit reached/);
  });

  it('nothing listening is connection refused', async () => {
    const port = await freePort();
    const { stage } = await runToEnd({ target: { url: `http://127.0.0.1:${port}/v1/chat/completions` }, load: { model: 'closed', users: 2 }, requests: 4 });
    expect(stage.failuresByClass.connection_refused.count).toBe(4);
    expect(stage.failuresByClass.connection_refused.sample).toMatch(/ECONNREFUSED/);
  });

  it('connects to the pinned address, not to whatever the host name resolves to', async () => {
    const server = await startMockServer({ port: 0 });
    servers.push(server);
    const { stage } = await runToEnd({
      target: { url: `http://never-resolved.invalid:${server.port}/v1/chat/completions`, address: '127.0.0.1' },
      load: { model: 'closed', users: 1 },
      requests: 3,
    });
    expect(stage.successes).toBe(3);
  });

  it('an invalid URL is refused before anything starts, with a message a user can act on', () => {
    expect(() => runConfigSchema.parse({ target: { url: 'localhost:8000/v1' }, load: { model: 'closed', users: 1 }, requests: 1 })).toThrow(ZodError);
    expect(() => runConfigSchema.parse({ target: { url: 'ftp://127.0.0.1/x' }, load: { model: 'closed', users: 1 }, requests: 1 })).toThrow(
      /must start with http:\/\/ or https:\/\//,
    );
  });
});
