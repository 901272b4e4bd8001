/**
 * This server's limits on what runs may do, from the environment (see README, "Security"):
 * where traffic may go (ALLOWED_TARGET_HOSTS) and how big a run may be (MAX_USERS, MAX_RATE,
 * MAX_DURATION, MAX_BODY_BYTES). Read once; `npm start` reads it at start so a bad value stops the start.
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
  return { ok: true, policy: { egress: egress.policy, limits: { maxUsers: parsed.data.MAX_USERS, maxRate: parsed.data.MAX_RATE, maxDurationMs: parsed.data.MAX_DURATION, maxBodyBytes: parsed.data.MAX_BODY_BYTES } } };
}

export function serverPolicy(): ServerPolicy {
  if (!cached) {
    const read = readServerPolicy();
    if (!read.ok) throw new Error(read.error);
    cached = read.policy;
  }
  return cached;
}
