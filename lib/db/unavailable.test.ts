/**
 * Finding 27: with PostgreSQL frozen, health, pages and routes hung. Every wait on the
 * database is now bounded and the failure recognisable. A frozen server is reproduced two
 * ways: a listener that accepts and never answers (a stopped postmaster: the kernel still
 * accepts), and a proxy in front of the real test database that stops passing bytes in the
 * middle of an open connection (a stopped backend).
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { getHealth } from '@/lib/health';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { disconnectPrisma, getPrisma } from './client';
import { applyMigrations } from './migrate';
import { CONNECT_TIMEOUT_MS, DATABASE_UNAVAILABLE, HEALTH_TIMEOUT_MS, isDatabaseUnavailable } from './unavailable';

/** A TCP proxy to `target` that can stop forwarding (both ways) and start again. */
async function freezableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => (frozen ? held.push([to, chunk]) : to.write(chunk)));
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  const held: [net.Socket, Buffer][] = [];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      for (const [to, chunk] of held.splice(0)) to.write(chunk);
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Accepts connections and never says a word, like a PostgreSQL stopped with SIGSTOP. */
async function silentListener() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `postgresql://app:secret@127.0.0.1:${(server.address() as net.AddressInfo).port}/app`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function elapsed<T>(work: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('a database that stops answering', () => {
  let db: TestDatabase;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await applyMigrations(db.url);
  });
  afterEach(async () => {
    await disconnectPrisma();
    process.env.DATABASE_URL = savedUrl;
    delete process.env.DB_QUERY_TIMEOUT;
  });
  afterAll(() => db.drop());

  it('health says "down" within its bound when the server accepts connections and never answers', async () => {
    const silent = await silentListener();
    try {
      process.env.DATABASE_URL = silent.url;
      const { ms, value } = await elapsed(() => getHealth());
      expect(value?.database.status).toBe('down');
      expect(value?.database.error).toContain(DATABASE_UNAVAILABLE);
      expect(ms).toBeLessThan(HEALTH_TIMEOUT_MS + 500);
    } finally {
      await silent.close();
    }
  });

  it('a query against it fails after the connect timeout with an error recognised as "not answering"', async () => {
    const silent = await silentListener();
    try {
      process.env.DATABASE_URL = silent.url;
      const { ms, error } = await elapsed(() => getPrisma().user.count());
      expect(error).toBeDefined();
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    } finally {
      await silent.close();
    }
  });

  it('a query on an open connection to a server that freezes fails after DB_QUERY_TIMEOUT, and the app recovers when it thaws', async () => {
    const proxy = await freezableProxy(new URL(db.url));
    try {
      process.env.DATABASE_URL = proxy.url;
      process.env.DB_QUERY_TIMEOUT = '1';
      expect(await getPrisma().user.count()).toBe(0);
      expect((await getHealth()).database.status).toBe('up');

      proxy.freeze();
      const { ms, error } = await elapsed(() => getPrisma().user.count());
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeGreaterThan(900);
      expect(ms).toBeLessThan(3000);
      const health = await elapsed(() => getHealth());
      expect(health.value?.database.status).toBe('down');
      expect(health.ms).toBeLessThan(HEALTH_TIMEOUT_MS + 500);

      proxy.thaw();
      // Connections that timed out are replaced; within a few tries the app reads again.
      let count: number | undefined;
      for (let attempt = 0; attempt < 20 && count === undefined; attempt++) {
        count = await getPrisma().user.count().catch(() => new Promise<undefined>((r) => setTimeout(r, 250)));
      }
      expect(count).toBe(0);
      expect((await getHealth()).database.status).toBe('up');
    } finally {
      await proxy.close();
    }
  });

  it('errors that are not about reachability are not mistaken for it', async () => {
    expect(isDatabaseUnavailable(new Error('Unique constraint failed on the fields: (`email`)'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable({ message: 'x', cause: { message: 'Query read timeout' } })).toBe(true);
  });
});
