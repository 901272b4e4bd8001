/**
 * The fast reader of simple reply heads against http-parser-js: whenever it takes a head, it
 * reads it exactly as http-parser-js does (status, headers, keep-alive, where the body starts
 * and ends), and it takes every plain head, so the fast path is the one replies use.
 */
import fc from 'fast-check';
import { HTTPParser } from 'http-parser-js';
import { describe, expect, it } from 'vitest';
import { readSimpleHead } from './simple-head';

/** What http-parser-js makes of a whole reply. */
function parsedByLibrary(message: Buffer) {
  const parser = new HTTPParser(HTTPParser.RESPONSE);
  let head: { statusCode: number; headers: string[]; shouldKeepAlive: boolean } | undefined;
  const body: Buffer[] = [];
  let complete = false;
  parser[HTTPParser.kOnHeadersComplete] = ((info: { statusCode: number; headers: string[]; shouldKeepAlive: boolean }) => {
    head = { statusCode: info.statusCode, headers: info.headers, shouldKeepAlive: info.shouldKeepAlive };
    return 0;
  }) as never;
  parser[HTTPParser.kOnBody] = (chunk: Buffer, offset: number, length: number) => void body.push(Buffer.from(chunk.subarray(offset, offset + length)));
  parser[HTTPParser.kOnMessageComplete] = () => void (complete = complete || true);
  const result = parser.execute(message);
  return { error: result instanceof Error ? result : undefined, head, body: Buffer.concat(body), complete };
}

const CONTENT_LENGTH = fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH');
const blanks = fc.stringMatching(/^[ \t]{0,2}$/);
const visible = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/);

/** A plain head: what readSimpleHead must take. */
const plainReply = fc
  .record({
    status: fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304),
    reason: fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { nil: undefined }),
    before: fc.array(fc.tuple(token, visible), { maxLength: 5 }),
    lengthName: CONTENT_LENGTH,
    lengthBlanks: fc.tuple(blanks, blanks),
    after: fc.array(fc.tuple(token, visible), { maxLength: 5 }),
    connection: fc.constantFrom(undefined, 'keep-alive', 'close', 'Keep-Alive, Upgrade'),
    body: fc.uint8Array({ maxLength: 300 }),
    trailing: fc.uint8Array({ maxLength: 40 }),
  })
  .filter(({ before, after }) => ![...before, ...after].some(([name]) => /^(content-length|transfer-encoding|connection|upgrade|proxy-connection)$/i.test(name)))
  .map((r) => {
    const lines = [`HTTP/1.1 ${r.status}${r.reason === undefined ? '' : ` ${r.reason}`}`];
    for (const [name, value] of r.before) lines.push(`${name}: ${value}`);
    lines.push(`${r.lengthName}:${r.lengthBlanks[0]}${r.body.length}${r.lengthBlanks[1]}`);
    if (r.connection) lines.push(`Connection: ${r.connection}`);
    for (const [name, value] of r.after) lines.push(`${name}:${value}`);
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    return { head, message: Buffer.concat([head, r.body, r.trailing]), bodyLength: r.body.length };
  });

/** Any bytes shaped roughly like a reply head: what readSimpleHead may take or leave. */
const anyReply = fc
  .record({
    statusLine: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 200', 'HTTP/1.0 200 OK', 'HTTP/1.1 101 Switching', 'HTTP/1.1 204 No Content', 'HTTP/1.1 304 Not Modified', 'HTTP/1.1 99 X', 'HTTP/1.1 2000 X', 'HTTP/1.1 500 Server Error', 'http/1.1 200 OK'),
    headers: fc.array(
      fc.tuple(
        fc.oneof(token, CONTENT_LENGTH, fc.constantFrom('Transfer-Encoding', 'Connection', ' Folded', 'Bad Name', 'Ünicode', '')),
        fc.oneof(visible, fc.stringMatching(/^[ \t]*\d{0,18}[ \t]*$/), fc.constantFrom('chunked', 'close', 'keep-alive', '12, 12', 'wörld', '-1', '0x10', 'a\u0001b')),
        fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r'),
      ),
      { maxLength: 6 },
    ),
    // Most bent heads still carry a plain length somewhere, so some of them are simple.
    length: fc.option(fc.tuple(CONTENT_LENGTH, fc.stringMatching(/^[ \t]?\d{1,2}[ \t]?$/), fc.constant('\r\n')), { freq: 4, nil: undefined }),
    at: fc.nat(),
    end: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', ''),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ statusLine, headers, length, at, end, body }) => {
    if (length) headers.splice(at % (headers.length + 1), 0, length);
    return Buffer.concat([Buffer.from(`${statusLine}\r\n${headers.map(([n, v, eol]) => `${n}:${v}${eol}`).join('')}${end}`, 'latin1'), body]);
  });

describe('readSimpleHead', () => {
  it('takes every plain head in one read, and reads it as http-parser-js does', () => {
    fc.assert(
      fc.property(plainReply, ({ head, message, bodyLength }) => {
        const simple = readSimpleHead(message, message.length);
        expect(simple).toBeDefined();
        const library = parsedByLibrary(message.subarray(0, head.length + bodyLength));
        expect(library.error).toBeUndefined();
        expect(library.complete).toBe(true);
        expect(simple).toEqual({ statusCode: library.head!.statusCode, rawHeaders: library.head!.headers, bodyStart: head.length, contentLength: library.body.length, keepAlive: library.head!.shouldKeepAlive });
      }),
      { numRuns: 2000 },
    );
  });

  it('takes nothing http-parser-js would read differently, however the head is cut or bent', () => {
    let taken = 0;
    fc.assert(
      fc.property(anyReply, fc.option(fc.nat(), { freq: 2 }), (message, cut) => {
        // The first read has it all, or ends anywhere in it.
        const length = cut === null ? message.length : cut % (message.length + 1);
        const simple = readSimpleHead(message, length);
        if (!simple) return;
        taken++;
        expect(simple.bodyStart).toBeLessThanOrEqual(length);
        const library = parsedByLibrary(message.subarray(0, Math.min(message.length, simple.bodyStart + simple.contentLength)));
        expect(library.error).toBeUndefined();
        expect(library.head).toEqual({ statusCode: simple.statusCode, headers: simple.rawHeaders, shouldKeepAlive: simple.keepAlive });
        if (simple.bodyStart + simple.contentLength <= message.length) {
          expect(library.complete).toBe(true);
          expect(library.body.equals(message.subarray(simple.bodyStart, simple.bodyStart + simple.contentLength))).toBe(true);
        }
      }),
      // Unshrunk: shrinking a bent head takes minutes, and the first counterexample already says it.
      { numRuns: 20_000, endOnFailure: true },
    );
    // The bent cases are not all refused: some heads are simple, and those are compared above.
    expect(taken).toBeGreaterThan(150);
  });

  it('leaves a head split across reads, a chunked or close-delimited body, 1xx, 204 and HTTP/1.0 to http-parser-js', () => {
    const plain = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}';
    expect(readSimpleHead(Buffer.from(plain), plain.length)).toMatchObject({ statusCode: 200, contentLength: 2, keepAlive: true });
    for (const cut of [10, 30, plain.length - 3]) expect(readSimpleHead(Buffer.from(plain), cut), `cut at ${cut}`).toBeUndefined();
    for (const reply of [
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n',
      'HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{}',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}',
      'HTTP/1.1 204 No Content\r\ncontent-length: 2\r\n\r\n',
      'HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 2\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\nx-folded: a\r\n b\r\ncontent-length: 2\r\n\r\n{}',
      'HTTP/1.1 200 OK\ncontent-length: 2\n\n{}',
    ]) {
      expect(readSimpleHead(Buffer.from(reply, 'latin1'), reply.length), reply).toBeUndefined();
    }
  });
});
