/**
 * A mock OpenAI-compatible server, like the fake endpoints the reference gateway benchmarks
 * use: chat completions (streamed or not), completions, embeddings and models, with fixed
 * latency plus jitter, TTFT and per-token delay for streams, an error rate, a rate limit
 * (429 + retry-after), an optional overhead header, and faults for testing clients.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createHistogram, recordMs, summarize, type DurationSummary } from '../runner/metrics/histogram';

export const mockFaults = ['none', 'malformed-sse', 'truncated-sse', 'non-json', 'huge-body', 'trickle', 'reset', 'hang'] as const;

export const mockOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(8100),
  host: z.string().default('127.0.0.1'),
  /** Non-streamed replies: time before the reply. */
  latencyMs: z.number().min(0).default(0),
  /** Uniform ± jitter added to latency and TTFT. */
  jitterMs: z.number().min(0).default(0),
  /** Streams: time to the first content chunk, then one token every tokenDelayMs. */
  ttftMs: z.number().min(0).default(0),
  tokenDelayMs: z.number().min(0).default(0),
  /** Output tokens per reply (capped by the request's max_tokens). */
  outputTokens: z.number().int().min(1).max(100_000).default(16),
  /** Share of requests answered with HTTP 500 (0–1). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Requests per minute before 429s (0 = no limit). */
  rateLimitRpm: z.number().min(0).default(0),
  /** Adds this header with overheadMs, as LiteLLM does. */
  overheadHeader: z.string().default('x-litellm-overhead-duration-ms'),
  overheadMs: z.number().min(0).optional(),
  fault: z.enum(mockFaults).default('none'),
  /** Leave `usage` out of replies, as some servers do (clients must then estimate tokens). */
  omitUsage: z.boolean().default(false),
  embeddingDimensions: z.number().int().min(1).max(8192).default(8),
  /**
   * A server with this many workers (0: unlimited): requests beyond it wait in a FIFO queue,
   * so its limit is maxConcurrent ÷ latency and past it latency grows without bound.
   */
  maxConcurrent: z.number().int().min(0).max(100_000).default(0),
});

export type MockOptions = z.output<typeof mockOptionsSchema>;
export type MockOptionsInput = z.input<typeof mockOptionsSchema>;

export interface MockServer {
  url: string;
  port: number;
  options: MockOptions;
  /** Holds every reply (and new request) for ms, from now: a stalled upstream. */
  stall(ms: number): void;
  /** Requests answered so far, by status code. */
  readonly served: Record<number, number>;
  /** How long the server itself took, request received → reply written (what a perfect client would see, less the network). */
  serverLatency(): DurationSummary | undefined;
  close(): Promise<void>;
}

export async function startMockServer(input: MockOptionsInput = {}): Promise<MockServer> {
  const options = mockOptionsSchema.parse(input);
  let stallUntil = 0;
  const served: Record<number, number> = {};
  const ownLatency = createHistogram();
  const bucket = { tokens: options.rateLimitRpm, updated: Date.now() };

  const takeRateToken = (): number => {
    if (options.rateLimitRpm <= 0) return 0;
    const now = Date.now();
    bucket.tokens = Math.min(options.rateLimitRpm, bucket.tokens + ((now - bucket.updated) / 60_000) * options.rateLimitRpm);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60) / options.rateLimitRpm);
  };

  const jitter = () => (options.jitterMs > 0 ? (Math.random() * 2 - 1) * options.jitterMs : 0);
  /** Runs fn after ms, but never before a stall has passed. */
  const after = (ms: number, fn: () => void) => {
    const wait = Math.max(performance.now() + Math.max(0, ms), stallUntil) - performance.now();
    if (wait <= 0) fn();
    else setTimeout(() => after(0, fn), wait);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = performance.now();
      res.on('finish', () => recordMs(ownLatency, performance.now() - received));
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.keepAliveTimeout = 65_000;

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    served[status] = (served[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...overhead(), ...headers });
    res.end(text);
  };
  const overhead = (): Record<string, string> =>
    options.overheadMs !== undefined ? { [options.overheadHeader]: String(options.overheadMs) } : {};

  // Workers: a request holds one from arrival until its reply ends (or its connection closes).
  let busy = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    busy--;
    waiting.shift()?.();
  };
  function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    if (options.maxConcurrent === 0 || req.method !== 'POST') return respond(req, res, raw);
    const start = () => {
      // Its client gave up while it waited: no worker for it.
      if (req.socket.destroyed) return waiting.shift()?.();
      busy++;
      res.once('close', release);
      respond(req, res, raw);
    };
    if (busy < options.maxConcurrent) start();
    else waiting.push(start);
  }

  function respond(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      return send(res, 200, { object: 'list', data: [{ id: 'mock-gpt', object: 'model', owned_by: 'gateway-bench' }] });
    }
    if (req.method === 'GET' && (path === '/' || path === '/health')) return send(res, 200, { status: 'ok' });
    const route = path === '/v1/chat/completions' ? 'chat' : path === '/v1/completions' ? 'completions' : path === '/v1/embeddings' ? 'embeddings' : undefined;
    if (!route || req.method !== 'POST') return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });

    let body: { stream?: boolean; max_tokens?: number; stream_options?: { include_usage?: boolean }; model?: string };
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error' } });
    }
    const retryAfter = takeRateToken();
    if (retryAfter > 0) {
      return send(res, 429, { error: { message: 'Rate limit reached for requests', type: 'rate_limit_error' } }, { 'retry-after': String(retryAfter) });
    }
    if (options.errorRate > 0 && Math.random() < options.errorRate) {
      return after(options.latencyMs + jitter(), () => send(res, 500, { error: { message: 'mock upstream error', type: 'server_error' } }));
    }
    if (options.fault !== 'none') return fault(res, options.fault);

    const tokens = Math.max(1, Math.min(options.outputTokens, body.max_tokens ?? options.outputTokens));
    const model = body.model ?? 'mock-gpt';
    if (route === 'embeddings') {
      return after(options.latencyMs + jitter(), () =>
        send(res, 200, {
          object: 'list',
          data: [{ object: 'embedding', index: 0, embedding: Array.from({ length: options.embeddingDimensions }, (_, i) => i / 10) }],
          model,
          usage: { prompt_tokens: 8, total_tokens: 8 },
        }),
      );
    }
    if (body.stream) return stream(res, route, model, tokens, body.stream_options?.include_usage === true);
    const text = words(tokens);
    const usage = options.omitUsage ? undefined : { prompt_tokens: 8, completion_tokens: tokens, total_tokens: 8 + tokens };
    after(options.latencyMs + jitter(), () =>
      send(res, 200, route === 'chat'
        ? { id: 'chatcmpl-mock', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }
        : { id: 'cmpl-mock', object: 'text_completion', model, choices: [{ index: 0, text, finish_reason: 'stop' }], usage }),
    );
  }

  function stream(res: http.ServerResponse, route: 'chat' | 'completions', model: string, tokens: number, includeUsage: boolean) {
    const chunk = (content: string | null, finish: string | null) =>
      route === 'chat'
        ? { id: 'chatcmpl-mock', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] }
        : { id: 'cmpl-mock', object: 'text_completion', model, choices: [{ index: 0, text: content ?? '', finish_reason: finish }] };
    const write = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    after(options.ttftMs + jitter(), () => {
      served[200] = (served[200] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...overhead() });
      if (route === 'chat') write({ ...chunk(null, null), choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] });
      let sent = 0;
      const next = () => {
        write(chunk(`tok${sent} `, null));
        sent++;
        if (sent < tokens) return after(options.tokenDelayMs, next);
        write(chunk(null, 'stop'));
        if (includeUsage && !options.omitUsage) write({ ...chunk(null, null), choices: [], usage: { prompt_tokens: 8, completion_tokens: tokens, total_tokens: 8 + tokens } });
        write('[DONE]');
        res.end();
      };
      next();
    });
  }

  function fault(res: http.ServerResponse, kind: (typeof mockFaults)[number]) {
    served[200] = (served[200] ?? 0) + 1;
    switch (kind) {
      case 'malformed-sse':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: {not json\n\ndata: [DONE]\n\n');
      case 'truncated-sse':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n');
      case 'non-json':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>502 Bad Gateway from some proxy</html>');
      case 'huge-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const block = Buffer.alloc(1 << 20, 0x61);
        let left = 64;
        const pump = () => {
          while (left > 0 && res.write(block)) left--;
          if (left > 0) res.once('drain', () => (left--, pump()));
          else res.end();
        };
        return pump();
      }
      case 'trickle': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 200);
        return res.on('close', () => clearInterval(timer));
      }
      case 'reset':
        return res.socket?.destroy();
      case 'hang':
        return undefined;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    options,
    served,
    serverLatency: () => summarize(ownLatency),
    stall(ms) {
      stallUntil = performance.now() + ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function words(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += `tok${i} `;
  return text;
}
