import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
  it('has defaults for everything', () => {
    expect(parseEnv({})).toEqual({
      ok: true,
      env: { PORT: 3000, HOST: '0.0.0.0', DATA_DIR: '.data', PG_PORT: 54329, MOCK_PORT: 0, TRUST_PROXY: 0, DB_QUERY_TIMEOUT: 10, PUBLIC_URL: undefined, DATABASE_URL: undefined },
    });
  });

  it('treats an empty DATABASE_URL as unset', () => {
    const parsed = parseEnv({ DATABASE_URL: '' });
    expect(parsed.ok && parsed.env.DATABASE_URL).toBeUndefined();
  });

  it('says which variable is wrong and what it got', () => {
    const parsed = parseEnv({ PORT: 'eighty', PG_PORT: '70000', DB_QUERY_TIMEOUT: '0', DATABASE_URL: 'mysql://x' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'PORT: PORT must be a port number (got "eighty")',
      'PG_PORT: PG_PORT must be between 1 and 65535 (got "70000")',
      'DB_QUERY_TIMEOUT: DB_QUERY_TIMEOUT must be at least 1 second (got "0")',
      'DATABASE_URL: DATABASE_URL must start with postgresql:// (got "mysql://x")',
    ]);
  });
});
