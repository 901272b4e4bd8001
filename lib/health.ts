/** What /api/health reports: whether the database answers and how many migrations it has. */
import { getPrisma } from './db/client';
import { readMigrations } from './db/migrate';
import { HEALTH_TIMEOUT_MS, withinMs } from './db/unavailable';

export interface Health {
  status: 'ok' | 'degraded';
  database: { status: 'up' | 'down'; latencyMs?: number; error?: string };
  migrations: { applied: number; expected: number };
}

/** Migrations ship with the app: count them once, not on every health check. */
let expectedMigrations: number | undefined;

export async function getHealth(): Promise<Health> {
  const expected = (expectedMigrations ??= readMigrations().length);
  const started = performance.now();
  try {
    // A frozen database must not freeze the health check: it answers within HEALTH_TIMEOUT_MS.
    const rows = await withinMs(
      getPrisma().$queryRaw<{ count: bigint }[]>`
        SELECT count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      HEALTH_TIMEOUT_MS,
      'The health check',
    );
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const applied = Number(rows[0].count);
    return {
      status: applied === expected ? 'ok' : 'degraded',
      database: { status: 'up', latencyMs },
      migrations: { applied, expected },
    };
  } catch (error) {
    return {
      status: 'degraded',
      database: { status: 'down', error: error instanceof Error ? error.message.split('\n')[0] : String(error) },
      migrations: { applied: 0, expected },
    };
  }
}
