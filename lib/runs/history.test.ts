import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../../test/database';
import { historyHref, listRuns, parseHistoryFilter } from './history';

describe('parseHistoryFilter', () => {
  it('reads the URL, dropping what it cannot use', () => {
    expect(parseHistoryFilter({ gateway: ' LiteLLM ', instances: '4', status: 'bogus', sort: 'rps', dir: 'asc', page: '-3', from: 'yesterday' })).toEqual({
      gateway: 'LiteLLM',
      instances: 4,
      sort: 'rps',
      dir: 'asc',
      page: 1,
      target: undefined,
      version: undefined,
      tag: undefined,
      status: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('writes the URL back without defaults, resetting the page on a change', () => {
    const filter = parseHistoryFilter({ version: '1.79.1', page: '3' });
    expect(historyHref(filter, { sort: 'rps', dir: 'desc' })).toBe('/runs?version=1.79.1&sort=rps');
    expect(historyHref(filter, { page: 4 })).toBe('/runs?version=1.79.1&page=4');
  });
});

describe('listRuns', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
    process.env.DATABASE_URL = db.url;
    const base = { targetName: 't', targetUrl: 'http://127.0.0.1:1', config: {}, status: 'completed' as const };
    await getPrisma().run.createMany({
      data: [
        { ...base, id: 'a', gatewayName: 'LiteLLM', gatewayVersion: '1.79.1', instanceCount: 2, rps: 1035.7, tags: ['ref'], createdAt: new Date('2026-11-01T10:00:00Z') },
        { ...base, id: 'b', gatewayName: 'LiteLLM', gatewayVersion: '1.79.1', instanceCount: 4, rps: 1170, tags: ['ref', 'db'], createdAt: new Date('2026-11-02T10:00:00Z') },
        { ...base, id: 'c', gatewayName: 'Portkey', gatewayVersion: '1.14.0', instanceCount: 4, rps: 1170.9, tags: [], createdAt: new Date('2026-11-03T10:00:00Z') },
        { ...base, id: 'd', gatewayName: 'LiteLLM', gatewayVersion: '1.80.0', instanceCount: 4, status: 'failed', createdAt: new Date('2026-11-04T10:00:00Z') },
      ],
    });
  });

  afterAll(async () => {
    await disconnectPrisma();
    await db.drop();
  });

  const ids = async (params: Record<string, string>) => (await listRuns(parseHistoryFilter(params))).runs.map((r) => r.id);

  it('lists newest first', async () => expect(await ids({})).toEqual(['d', 'c', 'b', 'a']));
  it('filters by gateway and version', async () => expect(await ids({ gateway: 'LiteLLM', version: '1.79.1' })).toEqual(['b', 'a']));
  it('filters by instance count', async () => expect(await ids({ instances: '4' })).toEqual(['d', 'c', 'b']));
  it('filters by tag', async () => expect(await ids({ tag: 'db' })).toEqual(['b']));
  it('filters by status', async () => expect(await ids({ status: 'failed' })).toEqual(['d']));
  it('filters by date range, both ends inclusive', async () => expect(await ids({ from: '2026-11-02', to: '2026-11-03' })).toEqual(['c', 'b']));
  it('sorts by a metric, listing only runs that have it', async () => {
    expect(await ids({ sort: 'rps' })).toEqual(['c', 'b', 'a']);
    expect(await ids({ sort: 'rps', dir: 'asc' })).toEqual(['a', 'b', 'c']);
  });
  it('says whether there is a next page', async () => expect((await listRuns(parseHistoryFilter({}))).hasMore).toBe(false));
});
