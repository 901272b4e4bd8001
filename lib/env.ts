/** The environment variables the app reads, validated once at start (documented in the README). */
import { z } from 'zod';

const port = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`)
    .default(fallback);

export const envSchema = z.object({
  PORT: port('PORT', 3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1, 'DATA_DIR must not be empty').default('.data'),
  PG_PORT: port('PG_PORT', 54329),
  /** Port of the built-in mock OpenAI server; 0 picks a free one. */
  MOCK_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How many reverse proxies in front of the app add X-Forwarded-For (0: use the TCP peer). */
  TRUST_PROXY: z.coerce.number({ error: 'TRUST_PROXY must be a number of proxies' }).int('TRUST_PROXY must be a whole number').min(0, 'TRUST_PROXY must be 0 or more').max(10, 'TRUST_PROXY must be at most 10').default(0),
  /** Seconds any one database query may take before it fails (client and server side alike). */
  DB_QUERY_TIMEOUT: z.coerce
    .number({ error: 'DB_QUERY_TIMEOUT must be a number of seconds' })
    .min(1, 'DB_QUERY_TIMEOUT must be at least 1 second')
    .max(600, 'DB_QUERY_TIMEOUT must be at most 600 seconds')
    .default(10),
  /** The address people open the app at, for links in notifications (default http://localhost:PORT). */
  PUBLIC_URL: z
    .url({ error: 'PUBLIC_URL must be a URL, e.g. https://bench.example.com' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; problems: string[] } {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got "${source[String(issue.path[0])]}")`),
  };
}
