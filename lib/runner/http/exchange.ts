/**
 * One request/response exchange over a pooled connection, measured from its intended
 * start: status, every content chunk's arrival (TTFT, ITL) for streams, usage tokens,
 * the gateway-overhead header. Every way it can go wrong ends as a classified outcome;
 * nothing here throws.
 */
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { classifyError, ProtocolError } from '../metrics/failures';
import type { RequestOutcome } from '../metrics/recorder';
import type { Protocol } from '../protocols';
import type { RequestSpec } from '../protocols/protocol';
import type { ConnectionPool, ReplySink } from './connection';
import { countTokens } from '../tokens';

export interface ExchangeOptions {
  protocol: Protocol;
  maxBodyBytes: number;
  overheadHeader: string;
}

const ERROR_SAMPLE_BYTES = 300;

/** The request to send: the protocol's spec with the target's headers merged in. */
export function buildRequest(protocol: Protocol, prompt: string, targetHeaders: Record<string, string>): RequestSpec {
  const spec = protocol.buildRequest(prompt);
  return { ...spec, headers: { ...spec.headers, ...targetHeaders } };
}

/** Sends one request; `done` gets its outcome (asynchronously, always exactly once). */
export function exchange(
  pool: ConnectionPool,
  options: ExchangeOptions,
  request: Buffer,
  headOnly: boolean,
  intendedAt: number,
  done: (outcome: RequestOutcome) => void,
): void {
  const handler = new ExchangeHandler(options, intendedAt, (outcome, estimateText) => {
    if (estimateText === undefined) done(outcome);
    else void countTokens(estimateText).then((outputTokens) => done({ ...outcome, outputTokens, tokensEstimated: true }));
  });
  if (!pool.send(request, handler, headOnly)) {
    queueMicrotask(() => handler.fail(new ProtocolError('no free connection in the pool (more requests in flight than connections)')));
  }
}

export class ExchangeHandler implements ReplySink {
  private abortRequest?: (error: Error) => void;
  private pendingAbort?: Error;
  private done = false;
  private status = 0;
  private bytes = 0;
  private overheadMs?: number;
  private location = '';
  private readonly chunks: Buffer[] = [];
  // Streams
  private decoder?: StringDecoder;
  private parser?: ReturnType<typeof createParser>;
  private firstContentAt?: number;
  private lastContentAt = 0;
  private gaps?: number[];
  private content = '';
  private usageTokens?: number;
  private sawDone = false;
  private streamError?: ProtocolError;
  private needsEstimate = false;

  constructor(
    private readonly options: ExchangeOptions,
    readonly intendedAt: number,
    /** estimateText: output to count tokens in, when the server sent no usage. */
    private readonly finish: (outcome: RequestOutcome, estimateText?: string) => void,
  ) {}

  abort(reason: Error): void {
    if (this.done) return;
    if (this.abortRequest) this.abortRequest(reason);
    else this.pendingAbort = reason;
  }

  onConnect(abort: (error: Error) => void): void {
    this.abortRequest = abort;
    if (this.pendingAbort) abort(this.pendingAbort);
  }

  onHeaders(statusCode: number, rawHeaders: string[]): boolean {
    this.status = statusCode;
    let contentType = '';
    const overheadName = this.options.overheadHeader;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const length = rawHeaders[i].length;
      if (length !== 12 && length !== 8 && length !== overheadName.length) continue;
      const name = rawHeaders[i].toLowerCase();
      if (name === 'content-type') contentType = rawHeaders[i + 1];
      else if (name === 'location') this.location = rawHeaders[i + 1];
      else if (name === overheadName) {
        const value = Number(rawHeaders[i + 1]);
        if (Number.isFinite(value) && value >= 0) this.overheadMs = value;
      }
    }
    if (statusCode < 300 && this.options.protocol.streaming) {
      if (!contentType.includes('text/event-stream')) {
        this.abort(new ProtocolError(`expected an SSE stream (text/event-stream), got "${contentType || 'no content type'}"`));
        return false;
      }
      this.gaps = [];
      this.decoder = new StringDecoder('utf8');
      this.parser = createParser({ onEvent: (event) => this.onEvent(event) });
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.options.maxBodyBytes) {
      this.abort(new ProtocolError(`reply larger than the ${this.options.maxBodyBytes}-byte cap`, 'body_too_large'));
      return false;
    }
    if (this.parser) {
      this.parser.feed(this.decoder!.write(chunk));
      if (this.streamError) this.abort(this.streamError);
    } else if (this.status >= 300 ? this.bytes - chunk.length < ERROR_SAMPLE_BYTES : this.options.protocol.expectsJson) {
      this.chunks.push(Buffer.from(chunk)); // a copy: the connection's read buffer is reused
    }
    return true;
  }

  onComplete(): void {
    const end = performance.now();
    // Redirects are never followed (the egress check approved this address, not the next one): a 3xx fails.
    if (this.status >= 300) {
      const sample = Buffer.concat(this.chunks).subarray(0, ERROR_SAMPLE_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
      const redirect = this.status < 400 ? ` redirect to ${this.location.slice(0, 200) || '(no location)'}, not followed` : '';
      this.complete({ ok: false, failureClass: `http_${this.status}`, message: `HTTP ${this.status}${redirect}${sample ? `: ${sample}` : ''}`, latencyMs: end - this.intendedAt });
      return;
    }
    try {
      this.complete(this.parser ? this.streamOutcome(end) : this.bodyOutcome(end));
    } catch (error) {
      this.fail(error);
    }
  }

  onError(error: Error): void {
    this.fail(error);
  }

  fail(error: unknown): void {
    const { failureClass, message } = classifyError(error);
    this.complete({ ok: false, failureClass, message, latencyMs: performance.now() - this.intendedAt });
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.streamError) return;
    if (event.data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.streamError = new ProtocolError(`malformed SSE event (not JSON): ${event.data.slice(0, 120)}`);
      return;
    }
    const { content, completionTokens } = this.options.protocol.readChunk!(data);
    if (completionTokens !== undefined) this.usageTokens = completionTokens;
    if (content.length === 0) return;
    const now = performance.now();
    if (this.firstContentAt === undefined) this.firstContentAt = now;
    else this.gaps!.push(now - this.lastContentAt);
    this.lastContentAt = now;
    this.content += content;
  }

  private streamOutcome(end: number): RequestOutcome {
    this.parser!.feed(this.decoder!.end());
    if (this.streamError) throw this.streamError;
    if (!this.sawDone) throw new ProtocolError('stream ended before "data: [DONE]" (truncated reply)');
    const tokens = this.tokens();
    return {
      intendedAt: this.intendedAt,
      ok: true,
      latencyMs: end - this.intendedAt,
      ttftMs: this.firstContentAt === undefined ? undefined : this.firstContentAt - this.intendedAt,
      itlMs: this.gaps,
      overheadMs: this.overheadMs,
      ...tokens,
    };
  }

  private bodyOutcome(end: number): RequestOutcome {
    const outcome: RequestOutcome = { intendedAt: this.intendedAt, ok: true, latencyMs: end - this.intendedAt, overheadMs: this.overheadMs };
    if (!this.options.protocol.expectsJson) return outcome;
    let data: unknown;
    const text = (this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)).toString('utf8');
    try {
      data = JSON.parse(text);
    } catch {
      throw new ProtocolError(`reply is not JSON: ${text.slice(0, 120).replace(/\s+/g, ' ')}`);
    }
    if (this.options.protocol.readBody) {
      const { content, completionTokens } = this.options.protocol.readBody(data);
      this.content = content;
      this.usageTokens = completionTokens;
      Object.assign(outcome, this.tokens());
    }
    return outcome;
  }

  private tokens(): Pick<RequestOutcome, 'outputTokens' | 'tokensEstimated'> {
    if (this.usageTokens !== undefined) return { outputTokens: this.usageTokens, tokensEstimated: false };
    this.needsEstimate = true;
    return {};
  }

  private complete(outcome: Omit<RequestOutcome, 'intendedAt'> & { intendedAt?: number }): void {
    if (this.done) return;
    this.done = true;
    this.finish({ ...outcome, intendedAt: this.intendedAt }, outcome.ok && this.needsEstimate ? this.content : undefined);
  }
}
