/**
 * Every protocol the engine speaks, against servers that check what arrives: OpenAI
 * completions and embeddings, raw HTTP with and without a body, HTTPS (verified, never
 * silently trusted), redirects (never followed), names that do not resolve, and replies however
 * the wire splits them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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

/**
 * A server on a raw socket that answers each request with `reply` (one string per write, written
 * `gapMs` apart), then closes the connection when told to: what no HTTP library would send on purpose.
 */
async function rawServer(reply: { pieces: Buffer[]; gapMs: number; closeAfter?: boolean }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let pending = '';
    socket.on('data', async (data) => {
      pending += data.toString('latin1');
      // One request at a time per connection: headers, then content-length bytes of body.
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.slice(end + 4 + length);
        for (const piece of reply.pieces) {
          socket.write(piece);
          await new Promise((resolve) => setTimeout(resolve, reply.gapMs));
        }
        if (reply.closeAfter) socket.end();
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  closers.push({ close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))) });
  return `http://127.0.0.1:${port}/v1/chat/completions`;
}

describe('replies however the wire splits them', () => {
  // "Grüße, 世界" with usage: the body is split inside a multi-byte character, and the 4 users'
  // reads land between the pieces, so a reader that kept a read instead of copying it breaks.
  const body = Buffer.from(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Grüße, 世界' } }], usage: { completion_tokens: 5 } }), 'utf8');
  const split = body.indexOf(Buffer.from('世')) + 1;
  const head = (extra: string) => Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${extra}\r\n`, 'latin1');

  it('reads a reply that arrives in pieces, split inside a character, while other connections read', async () => {
    const url = await rawServer({ pieces: [head(`content-length: ${body.length}\r\n`), body.subarray(0, split), body.subarray(split)], gapMs: 2 });
    const { stage } = await runToEnd({ target: { url, flavour: 'openai-chat', model: 'm' }, load: { model: 'closed', users: 4 }, requests: 40 });
    expect(stage.failuresByClass).toEqual({});
    expect(stage).toMatchObject({ successes: 40, outputTokens: 200, tokensEstimated: false });
    // The same with the head itself cut in two (read by http-parser-js, not the simple-head path).
    const whole = head(`content-length: ${body.length}\r\n`);
    const cutHead = await rawServer({ pieces: [whole.subarray(0, 20), whole.subarray(20), body], gapMs: 2 });
    const second = await runToEnd({ target: { url: cutHead, flavour: 'openai-chat', model: 'm' }, load: { model: 'closed', users: 4 }, requests: 20 });
    expect(second.stage.failuresByClass).toEqual({});
    expect(second.stage).toMatchObject({ successes: 20, outputTokens: 100 });
  });

  it('reads a reply that the connection closing ends (no length), and fails one cut short', async () => {
    const whole = await rawServer({ pieces: [head('connection: close\r\n'), body.subarray(0, split), body.subarray(split)], gapMs: 2, closeAfter: true });
    const ended = await runToEnd({ target: { url: whole, flavour: 'openai-chat', model: 'm' }, load: { model: 'closed', users: 2 }, requests: 10 });
    expect(ended.stage.failuresByClass).toEqual({});
    expect(ended.stage).toMatchObject({ successes: 10, outputTokens: 50 });

    const cut = await rawServer({ pieces: [head(`content-length: ${body.length}\r\n`), body.subarray(0, split)], gapMs: 2, closeAfter: true });
    const short = await runToEnd({ target: { url: cut, flavour: 'openai-chat', model: 'm' }, load: { model: 'closed', users: 2 }, requests: 10 });
    expect(short.stage.successes).toBe(0);
    expect(Object.keys(short.stage.failuresByClass)).toEqual(['connection_reset']);
  });
});
