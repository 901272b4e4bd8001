/**
 * This server's limits on what runs may do, from the environment (see README, "Security"):
 * where traffic may go (ALLOWED_TARGET_HOSTS) and how big a run may be (MAX_USERS, MAX_RATE,
 * MAX_DURATION, MAX_BODY_BYTES) and how much may run at once (MAX_CONCURRENT_RUNS, MAX_ACTIVE_USERS). Read once; `npm start` reads it at start so a bad value stops the start.
 */
import { z } from 'zod';
import { parseDuration } from '../runner/config';
import { parsePolicy, type EgressPolicy } from './allowlist';

export interface RunLimits {
  maxUsers: number;
  maxRate: number;
  maxDurationMs: number;
  /** The largest request body a run may send and the largest reply it reads. */
  maxBodyBytes: number;
  /** Runs (a sweep is one) going at once on this server, and users (connections) across them. */
  maxConcurrentRuns: number;
  maxActiveUsers: number;
}

export interface ServerPolicy {
  egress: EgressPolicy;
  limits: RunLimits;
}

const positive = (name: string, fallback: number) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be above 0`).default(fallback);

const schema = z.object({
  ALLOWED_TARGET_HOSTS: z.string().default(''),
  MAX_USERS: positive('MAX_USERS', 5000),
  MAX_RATE: positive('MAX_RATE', 20_000),
  MAX_BODY_BYTES: positive('MAX_BODY_BYTES', 10 * 1024 * 1024),
  MAX_CONCURRENT_RUNS: positive('MAX_CONCURRENT_RUNS', 4),
  MAX_ACTIVE_USERS: positive('MAX_ACTIVE_USERS', 10_000),
  MAX_DURATION: z
    .string()
    .default('1h')
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (!ms) {
        ctx.addIssue({ code: 'custom', message: `MAX_DURATION must be a duration like 30m or 2h (got "${text}")` });
        return z.NEVER;
      }
      return ms;
    }),
});

let cached: ServerPolicy | undefined;

export function readServerPolicy(env: Record<string, string | undefined> = process.env): { ok: true; policy: ServerPolicy } | { ok: false; error: string } {
  const parsed = schema.safeParse(env);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const egress = parsePolicy(parsed.data.ALLOWED_TARGET_HOSTS);
  if (!egress.ok) return egress;
  const { MAX_USERS, MAX_RATE, MAX_DURATION, MAX_BODY_BYTES, MAX_CONCURRENT_RUNS, MAX_ACTIVE_USERS } = parsed.data;
  return {
    ok: true,
    policy: {
      egress: egress.policy,
      limits: { maxUsers: MAX_USERS, maxRate: MAX_RATE, maxDurationMs: MAX_DURATION, maxBodyBytes: MAX_BODY_BYTES, maxConcurrentRuns: MAX_CONCURRENT_RUNS, maxActiveUsers: MAX_ACTIVE_USERS },
    },
  };
}

export function serverPolicy(): ServerPolicy {
  if (!cached) {
    const read = readServerPolicy();
    if (!read.ok) throw new Error(read.error);
    cached = read.policy;
  }
  return cached;
}
