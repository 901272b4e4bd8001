/**
 * Failure classes: every failed request lands in exactly one, with the first message seen
 * kept as a sample. HTTP errors are classed by status ("http_429"); the rest by cause.
 */
export type FailureClass =
  | `http_${number}`
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'connection_error'
  | 'protocol_error'
  | 'body_too_large';

export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly failureClass: 'protocol_error' | 'body_too_large' | 'timeout' = 'protocol_error',
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export function classifyError(error: unknown): { failureClass: FailureClass; message: string } {
  if (error instanceof ProtocolError) return { failureClass: error.failureClass, message: error.message };
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.code ?? err?.cause?.code;
  const message = (err?.message || err?.cause?.message || String(error)).slice(0, 500);
  switch (code) {
    case 'ECONNREFUSED':
      return { failureClass: 'connection_refused', message };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { failureClass: 'connection_reset', message };
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { failureClass: 'timeout', message };
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_INVALID_ARG':
      return { failureClass: 'protocol_error', message };
    default:
      return { failureClass: 'connection_error', message: code ? `${code}: ${message}` : message };
  }
}

export interface FailureCount {
  count: number;
  sample: string;
}

export class FailureTally {
  readonly byClass = new Map<FailureClass, FailureCount>();
  total = 0;

  /** `redact` cleans a sample before it is kept (the target's API key, if it echoes it). */
  constructor(private readonly redact: (message: string) => string = (message) => message) {}

  add(failureClass: FailureClass, message: string): void {
    this.total++;
    const entry = this.byClass.get(failureClass);
    if (entry) entry.count++;
    else this.byClass.set(failureClass, { count: 1, sample: this.redact(message) });
  }

  toJSON(): Record<string, FailureCount> {
    return Object.fromEntries([...this.byClass].sort((a, b) => b[1].count - a[1].count));
  }
}
