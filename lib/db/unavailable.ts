/**
 * When PostgreSQL stops answering (frozen, restarting, unreachable) every query must fail
 * within a bound rather than hang, and the failure must be recognisable so pages and routes
 * can say "the database is not answering" instead of a generic error.
 */

/** Seconds a query may take (client read timeout and server statement_timeout alike). */
export function queryTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.DB_QUERY_TIMEOUT ?? 10);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 10_000;
}

/** How long opening a connection (or waiting for a free one in the pool) may take. */
export const CONNECT_TIMEOUT_MS = 3_000;

/** How long /api/health waits for its one query before it reports the database down. */
export const HEALTH_TIMEOUT_MS = 1_500;

export const DATABASE_UNAVAILABLE = 'The database is not answering.';

const UNAVAILABLE_PATTERNS = [
  /Query read timeout/i,
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /connection timeout/i,
  /canceling statement due to statement timeout/i,
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EPIPE/,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Can't reach database server/i,
  /Client has encountered a connection error/i,
];

/** Whether an error (or any error in its cause chain) says the database did not answer. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const { message, code, cause } = current as { message?: unknown; code?: unknown; cause?: unknown };
    const text = `${typeof message === 'string' ? message : ''} ${typeof code === 'string' ? code : ''}`;
    if (UNAVAILABLE_PATTERNS.some((pattern) => pattern.test(text))) return true;
    // Prisma's driver-adapter errors carry the driver's error as `cause` (an object, not always an Error).
    current = cause ?? (current as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return false;
}

export class DatabaseUnavailableError extends Error {
  constructor(detail: string) {
    super(`${DATABASE_UNAVAILABLE} ${detail}`);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Resolves with `work`, or rejects with DatabaseUnavailableError after `ms`. */
export function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`${what} got no answer within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
