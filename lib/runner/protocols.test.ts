/**
 * Every protocol the engine speaks, against servers that check what arrives: OpenAI
 * completions and embeddings, raw HTTP with and without a body, HTTPS (verified, never
 * silently trusted), redirects (never followed) and names that do not resolve.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { startRecordingServer, type RecordingServer } from '../../test/recording-server';
import { runToEnd } from '../../test/run-to-end';

const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
async function mock(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ port: 0, ...options });
  closers.push(server);
  return server;
}
async function recording(options: Parameters<typeof startRecordingServer>[0] = {}): Promise<RecordingServer> {
  const server = await startRecordingServer(options);
  closers.push(server);
  return server;
}

/** `npm run bench` in a child process; asynchronous, since the target answers from this process. */
function cli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

const tlsDir = path.resolve('test/tls');
const cert = fs.readFileSync(path.join(tlsDir, 'localhost-cert.pem'));
const key = fs.readFileSync(path.join(tlsDir, 'localhost-key.pem'));

describe('OpenAI flavours', () => {
  it('completions: a prompt in, text and usage tokens out (streamed and not)', async () => {
    const server = await mock({ outputTokens: 7, tokenDelayMs: 1 });
    for (const stream of [false, true]) {
      const { stage } = await runToEnd({ target: { url: `${server.url}/v1/completions`, flavour: 'openai-completions' }, load: { model: 'closed', users: 2 }, stream, requests: 20 });
      expect(stage.successes, `stream=${stream}`).toBe(20);
      expect(stage.outputTokens).toBe(140);
      expect(stage.tokensEstimated).toBe(false);
      if (stream) expect(stage.ttftMs!.count).toBe(20);
    }
  });

  it('embeddings: the input is sent, the JSON reply counts as success, no output tokens', async () => {
    const server = await recording({
      respond: (_request, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], usage: { prompt_tokens: 3, total_tokens: 3 } }));
      },
    });
    const { stage } = await runToEnd({ target: { url: `${server.url}/v1/embeddings`, flavour: 'openai-embeddings', model: 'embed-small' }, load: { model: 'closed', users: 2 }, requests: 10 });
    expect(stage.successes).toBe(10);
    expect(stage.outputTokens).toBe(0);
    const body = JSON.parse(server.requests[0].body);
    expect(body).toMatchObject({ model: 'embed-small' });
    expect(typeof body.input).toBe('string');
    expect(server.requests[0].path).toBe('/v1/embeddings');
  });
});

describe('raw HTTP', () => {
  it('GET sends no body and accepts any 2xx reply without parsing it', async () => {
    const server = await recording({
      respond: (_request, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>not json</html>');
      },
    });
    const { stage } = await runToEnd({ target: { url: `${server.url}/health?x=1`, flavour: 'raw-http', method: 'GET' }, load: { model: 'closed', users: 1 }, requests: 5 });
    expect(stage.successes).toBe(5);
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual(Array(5).fill(['GET', '/health?x=1', '']));
  });

  it('POST sends the given body as JSON, with the target headers', async () => {
    const server = await recording({ respond: (_r, res) => res.end('ok') });
    const { stage } = await runToEnd({
      target: { url: `${server.url}/ingest`, flavour: 'raw-http', method: 'POST', body: '{"a":1}', headers: { 'x-team': 'sre' } },
      load: { model: 'closed', users: 1 },
      requests: 3,
    });
    expect(stage.successes).toBe(3);
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-team': 'sre' } });
  });
});

describe('redirects are never followed', () => {
  it('a 302 fails as http_302 naming where it pointed, and the other address gets nothing', async () => {
    const elsewhere = await recording();
    const server = await recording({
      respond: (_request, res) => {
        res.writeHead(302, { location: `${elsewhere.url}/v1/chat/completions` });
        res.end();
      },
    });
    for (const flavour of ['openai-chat', 'raw-http'] as const) {
      const { stage } = await runToEnd({ target: { url: `${server.url}/v1/chat/completions`, flavour }, load: { model: 'closed', users: 1 }, requests: 3 });
      expect(stage.failures, flavour).toBe(3);
      expect(stage.failuresByClass.http_302.sample).toBe(`HTTP 302 redirect to ${elsewhere.url}/v1/chat/completions, not followed`);
    }
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('HTTPS', () => {
  it('verifies the certificate: a self-signed one the machine does not trust fails every request', async () => {
    const server = await recording({ tls: { key, cert } });
    const { stage } = await runToEnd({ target: { url: `${server.url}/v1/chat/completions` }, load: { model: 'closed', users: 1 }, requests: 2 });
    expect(stage.successes).toBe(0);
    expect(stage.failuresByClass.connection_error.sample).toMatch(/certificate/i);
    expect(server.requests).toHaveLength(0);
  });

  it('speaks TLS with SNI to a server whose CA is trusted (NODE_EXTRA_CA_CERTS), through the CLI', async () => {
    const server = await recording({ tls: { key, cert }, host: 'localhost' });
    const url = `${server.url}/v1/chat/completions`;
    const result = await cli(['--url', url, '--requests', '10', '--concurrency', '2', '--warmup', '0', '--json'], { NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'localhost-cert.pem') });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ requests: 10, successes: 10, failures: 0 });
    // The probe the CLI sends before the run, then the run's ten.
    expect(server.requests).toHaveLength(11);
  });
});

describe('names that do not resolve', () => {
  it('fail as connection_error with the resolver’s code', async () => {
    const { stage } = await runToEnd({ target: { url: 'http://gateway-bench-test.invalid:4000/v1/chat/completions' }, load: { model: 'closed', users: 1 }, requests: 2 });
    expect(stage.failures).toBe(2);
    expect(Object.keys(stage.failuresByClass)).toEqual(['connection_error']);
    expect(stage.failuresByClass.connection_error.sample).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
