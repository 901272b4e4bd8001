/**
 * HTTP/1.1 keep-alive connections for the load engine: one request at a time per
 * connection, the request pre-serialised to a Buffer, the reply read in place when its head
 * is the simple kind (readSimpleHead) and by http-parser-js (the parser autocannon uses)
 * otherwise. At tens of thousands of requests a second, a general client's per-request work
 * (header objects, validation, queues, stream events) is what a load generator measures
 * instead of the target; this keeps that work to one write and one read.
 */
import net from 'node:net';
import tls from 'node:tls';
import { HTTPParser } from 'http-parser-js';
import { readSimpleHead, type SimpleHead } from './simple-head';

type ParserInstance = InstanceType<typeof HTTPParser>;
interface HeaderInfo {
  headers: string[];
  statusCode: number;
  shouldKeepAlive: boolean;
}

/** What receives one reply (ExchangeHandler). */
export interface ReplySink {
  readonly intendedAt: number;
  onConnect(abort: (error: Error) => void): void;
  /** rawHeaders: [name, value, name, value, …]. Return false to stop reading. */
  onHeaders(statusCode: number, rawHeaders: string[]): boolean;
  /** chunk is valid only during the call (the read buffer is reused): copy what you keep. */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(error: Error): void;
}

export interface Origin {
  protocol: 'http:' | 'https:';
  hostname: string;
  /** Where to connect: a pinned IP address, or the host name to resolve. */
  connectTo: string;
  port: number;
  /** Value of the Host header. */
  host: string;
}

export function originOf(url: URL, address?: string): Origin {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const port = url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return { protocol, hostname, connectTo: address ?? hostname, port, host: url.host };
}

/** Serialises one request; header names and values are validated by the run config. */
export function serializeRequest(origin: Origin, method: string, path: string, headers: Record<string, string>, body?: string): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${origin.host}\r\nconnection: keep-alive\r\n`;
  for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
  if (body !== undefined) {
    const payload = Buffer.from(body, 'utf8');
    return Buffer.concat([Buffer.from(`${head}content-length: ${payload.length}\r\n\r\n`, 'latin1'), payload]);
  }
  return Buffer.from(`${head}\r\n`, 'latin1');
}

/**
 * Every plain connection in this thread reads into this one buffer (64 KiB, libuv's own read
 * size): a read is handed to the parser at once and the buffer is reused by the next read, so
 * whatever a reply's reader keeps, it copies. No stream machinery and no allocation per read.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

class SocketClosedError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the connection closed before the reply was complete');
  }
}

class Connection {
  private socket?: net.Socket;
  private parser: ParserInstance = new HTTPParser(HTTPParser.RESPONSE);
  /** The reply in flight on this connection, if any. */
  sink?: ReplySink;
  private keepAlive = true;
  private reading = true;
  private headOnly = false;
  /**
   * Who reads the reply in flight: nobody yet (its first read decides), this class (a simple
   * head, see readSimpleHead, then `bodyLeft` bytes of body), or http-parser-js (anything else).
   */
  private reader: 'none' | 'simple' | 'parser' = 'none';
  private bodyLeft = 0;

  constructor(
    private readonly origin: Origin,
    private readonly release: (connection: Connection) => void,
  ) {}

  send(request: Buffer, sink: ReplySink, headOnly: boolean): void {
    this.sink = sink;
    this.headOnly = headOnly;
    this.reading = true;
    this.reader = 'none';
    const socket = this.socket && !this.socket.destroyed ? this.socket : this.connect();
    sink.onConnect((error) => this.fail(error, true));
    socket.write(request);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    this.parser = this.newParser();
    const socket: net.Socket =
      this.origin.protocol === 'https:'
        ? tls.connect({ host: this.origin.connectTo, port: this.origin.port, servername: net.isIP(this.origin.hostname) ? undefined : this.origin.hostname })
        : net.connect({
            host: this.origin.connectTo,
            port: this.origin.port,
            onread: { buffer: readBuffer, callback: (length: number, buffer: Uint8Array) => this.parse(socket, buffer as Buffer, length) },
          });
    socket.setNoDelay(true);
    if (socket instanceof tls.TLSSocket) socket.on('data', (chunk: Buffer) => this.parse(socket, chunk, chunk.length));
    else socket.resume(); // no 'data' comes (onread has it); flowing, so 'end' is emitted
    socket.on('end', () => {
      if (this.socket !== socket) return;
      // A reply delimited by the connection closing completes here; then the sink may already be
      // the next request's, on a new socket, and is left alone. A reply the close cut short (the
      // parser errs, or a simple reply's body is still due) fails as a closed connection.
      const result = this.parser.finish();
      if (result instanceof Error || (this.socket === socket && this.sink)) this.fail(new SocketClosedError(), true);
    });
    socket.on('error', (error) => {
      if (this.socket === socket) this.fail(error, true);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.sink) this.fail(new SocketClosedError(), false);
    });
    this.socket = socket;
    return socket;
  }

  /** Reads one read of the socket's bytes; true: keep reading. */
  private parse(socket: net.Socket, chunk: Buffer, length: number): boolean {
    if (this.socket !== socket) return true;
    const head = this.reader === 'none' && this.sink && !this.headOnly ? readSimpleHead(chunk, length) : undefined;
    if (head) this.readSimpleReply(head, chunk, length);
    else if (this.reader === 'simple') this.readBody(chunk, 0, length);
    else {
      this.reader = 'parser';
      const result = this.parser.execute(chunk, 0, length);
      if (result instanceof Error) this.fail(Object.assign(result, { code: 'HPE_INVALID_CONSTANT' }), true);
    }
    return true;
  }

  private readSimpleReply(head: SimpleHead, chunk: Buffer, length: number): void {
    this.reader = 'simple';
    this.bodyLeft = head.contentLength;
    this.keepAlive = head.keepAlive;
    const sink = this.sink!;
    this.reading = sink.onHeaders(head.statusCode, head.rawHeaders);
    if (this.sink === sink) this.readBody(chunk, head.bodyStart, length);
  }

  /** Body bytes of a simple reply, from `start` to `end` of a read. */
  private readBody(chunk: Buffer, start: number, end: number): void {
    const sink = this.sink;
    if (!sink) return;
    const take = Math.min(this.bodyLeft, end - start);
    this.bodyLeft -= take;
    if (take > 0 && this.reading) this.reading = sink.onData(start === 0 && take === chunk.length ? chunk : chunk.subarray(start, start + take));
    if (this.bodyLeft > 0 || this.sink !== sink) return;
    // Bytes after the reply were never asked for: this connection is not used again.
    if (start + take < end) this.keepAlive = false;
    this.complete();
  }

  /** The reply in flight is complete. */
  private complete(): void {
    const sink = this.sink;
    if (!sink) return;
    this.sink = undefined;
    if (!this.keepAlive) this.close();
    // Free first: the sink's callback may send the next request at once.
    this.release(this);
    sink.onComplete();
  }

  private newParser(): ParserInstance {
    const parser = new HTTPParser(HTTPParser.RESPONSE);
    // http-parser-js passes one info object, or (in Node-compatible mode, which any other
    // user of the library in this process may switch on) the same fields as arguments.
    parser[HTTPParser.kOnHeadersComplete] = ((...args: unknown[]) => {
      const info = (typeof args[0] === 'object' ? args[0] : { headers: args[2], statusCode: args[5], shouldKeepAlive: args[8] }) as HeaderInfo;
      return this.onHeadersComplete(info.statusCode, info.headers, info.shouldKeepAlive);
    }) as ParserInstance[typeof HTTPParser.kOnHeadersComplete];
    parser[HTTPParser.kOnBody] = (chunk: Buffer, offset: number, length: number) => {
      if (this.sink && this.reading) this.reading = this.sink.onData(offset === 0 && length === chunk.length ? chunk : chunk.subarray(offset, offset + length));
    };
    parser[HTTPParser.kOnMessageComplete] = () => this.complete();
    return parser;
  }

  /** Returns 1 to tell the parser a reply has no body (HEAD). */
  private onHeadersComplete(statusCode: number, headers: string[], shouldKeepAlive: boolean): number {
    if (!this.sink || statusCode < 200) return 0;
    this.keepAlive = shouldKeepAlive;
    this.reading = this.sink.onHeaders(statusCode, headers);
    return this.headOnly ? 1 : 0;
  }

  fail(error: Error, destroy: boolean): void {
    const sink = this.sink;
    this.sink = undefined;
    if (destroy) this.close();
    if (sink) {
      this.release(this);
      sink.onError(error);
    }
  }
}

/** Up to `size` connections to one origin; a request takes an idle one or opens a new one. */
export class ConnectionPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly origin: Origin,
    private readonly size: number,
  ) {}

  /** False when every connection is busy (the load models never send more than `size` at once). */
  send(request: Buffer, sink: ReplySink, headOnly = false): boolean {
    let connection = this.idle.pop();
    if (!connection) {
      if (this.all.size >= this.size) return false;
      connection = new Connection(this.origin, (c) => this.idle.push(c));
      this.all.add(connection);
    }
    connection.send(request, sink, headOnly);
    return true;
  }

  /** Fails every request in flight whose intended start is before `before` (timeouts), or all. */
  abortInFlight(error: () => Error, before = Infinity): void {
    for (const connection of this.all) {
      if (connection.sink && connection.sink.intendedAt < before) connection.fail(error(), true);
    }
  }

  get inFlight(): number {
    return this.all.size - this.idle.length;
  }

  close(): void {
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.idle.length = 0;
  }
}
