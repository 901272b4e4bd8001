/**
 * A test target that records what reaches it: when each request arrived, how many were in
 * progress at once, and each request's method, path and body. Answers like an OpenAI chat
 * endpoint after `latencyMs`, unless `respond` answers instead.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** Most requests in progress at the same moment. */
  maxConcurrent: number;
  close(): Promise<void>;
}

const CHAT_REPLY = JSON.stringify({
  id: 'x',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

export async function startRecordingServer(
  options: {
    latencyMs?: number;
    respond?: (request: RecordedRequest, res: http.ServerResponse) => void;
    tls?: { key: string | Buffer; cert: string | Buffer };
    host?: string;
  } = {},
): Promise<RecordingServer> {
  const recorded: RecordingServer = { url: '', requests: [], maxConcurrent: 0, close: async () => undefined };
  let concurrent = 0;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const at = performance.now();
    concurrent++;
    recorded.maxConcurrent = Math.max(recorded.maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = { at, method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      recorded.requests.push(request);
      const answer = () => {
        if (options.respond) return options.respond(request, res);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(CHAT_REPLY);
      };
      if (options.latencyMs) setTimeout(answer, options.latencyMs);
      else answer();
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  recorded.url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  recorded.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return recorded;
}

/** Coefficient of variation of the gaps between sorted times: ~1 for Poisson arrivals, ~0 for fixed spacing. */
export function gapVariation(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (gaps.length - 1));
  return sd / mean;
}
