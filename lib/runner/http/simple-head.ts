/**
 * The common reply head, read fast: `HTTP/1.1 <status>`, plain header lines and one
 * Content-Length, complete in one read. http-parser-js spends ~3.5 µs on such a head (a
 * string and a regular expression per line), a third of the engine's own work per request
 * against a fast upstream; this reads the bytes in place. Anything else (HTTP/1.0, 1xx,
 * chunked or close-delimited bodies, a head split across reads, folded lines, any byte
 * this does not expect) returns undefined and the connection hands the reply to
 * http-parser-js, which reads it or names what is wrong with it. So this never decides that
 * a reply is malformed; it only takes the replies it is sure of.
 */

export interface SimpleHead {
  statusCode: number;
  /** [name, value, name, value, …], values without surrounding blanks (as http-parser-js gives them). */
  rawHeaders: string[];
  /** Where the body starts in the buffer. */
  bodyStart: number;
  contentLength: number;
  /** False when the reply says `connection: close`. */
  keepAlive: boolean;
}

const CR = 13;
const LF = 10;
const COLON = 58;
const SPACE = 32;
const TAB = 9;
const ZERO = 48;
/** A header name's characters (RFC 9110 token). */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN[c.charCodeAt(0)] = 1;
const HTTP11 = Buffer.from('HTTP/1.1 ', 'latin1');
/** Longest Content-Length taken here (15 digits stay exact as a double). */
const MAX_LENGTH_DIGITS = 15;

/** The head of the reply at the start of `buffer[0, length)`, or undefined when it is not the simple kind. */
export function readSimpleHead(buffer: Buffer, length: number): SimpleHead | undefined {
  // Status line: "HTTP/1.1 " 3 digits, then " reason" or nothing, then CRLF.
  if (length < 16) return undefined;
  for (let i = 0; i < 9; i++) if (buffer[i] !== HTTP11[i]) return undefined;
  const d0 = buffer[9] - ZERO;
  const d1 = buffer[10] - ZERO;
  const d2 = buffer[11] - ZERO;
  if (d0 < 2 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined; // 1xx goes to the full parser
  const statusCode = d0 * 100 + d1 * 10 + d2;
  if (statusCode === 204 || statusCode === 304) return undefined; // bodiless whatever their length says
  let at = 12;
  if (buffer[at] === SPACE) {
    // The reason phrase: visible characters, spaces and tabs.
    at++;
    while (at < length && buffer[at] !== CR) {
      const c = buffer[at];
      if ((c < SPACE && c !== TAB) || c >= 127) return undefined; // controls, and anything not ASCII, go to the full parser
      at++;
    }
  }
  if (at + 1 >= length || buffer[at] !== CR || buffer[at + 1] !== LF) return undefined;
  at += 2;

  const rawHeaders: string[] = [];
  let contentLength = -1;
  let keepAlive = true;
  for (;;) {
    if (at + 1 >= length) return undefined; // the head goes on in the next read
    if (buffer[at] === CR) {
      if (buffer[at + 1] !== LF) return undefined;
      at += 2;
      break;
    }
    // name ":" blanks value blanks CRLF
    const nameStart = at;
    while (at < length && buffer[at] < 128 && TOKEN[buffer[at]] === 1) at++;
    if (at === nameStart || at >= length || buffer[at] !== COLON) return undefined;
    const nameEnd = at++;
    while (at < length && (buffer[at] === SPACE || buffer[at] === TAB)) at++;
    const valueStart = at;
    let valueEnd = at;
    while (at < length && buffer[at] !== CR) {
      const c = buffer[at];
      if ((c < SPACE && c !== TAB) || c >= 127) return undefined; // controls, and anything not ASCII, go to the full parser
      at++;
      if (c !== SPACE && c !== TAB) valueEnd = at;
    }
    if (at + 1 >= length || buffer[at + 1] !== LF) return undefined;
    at += 2;
    const name = buffer.toString('latin1', nameStart, nameEnd);
    const value = buffer.toString('latin1', valueStart, valueEnd);
    rawHeaders.push(name, value);
    const nameLength = nameEnd - nameStart;
    if (nameLength === 14 && name.toLowerCase() === 'content-length') {
      // One length, digits only; two of them (even equal) go to the full parser.
      if (contentLength !== -1 || valueEnd === valueStart || valueEnd - valueStart > MAX_LENGTH_DIGITS) return undefined;
      contentLength = 0;
      for (let i = valueStart; i < valueEnd; i++) {
        const digit = buffer[i] - ZERO;
        if (digit < 0 || digit > 9) return undefined;
        contentLength = contentLength * 10 + digit;
      }
    } else if (nameLength === 17 && name.toLowerCase() === 'transfer-encoding') {
      return undefined;
    } else if (nameLength === 10 && name.toLowerCase() === 'connection') {
      // Any token "close" in the list (as http-parser-js reads it).
      if (value.toLowerCase().includes('close')) keepAlive = false;
    }
  }
  if (contentLength === -1) return undefined;
  return { statusCode, rawHeaders, bodyStart: at, contentLength, keepAlive };
}
