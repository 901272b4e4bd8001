/**
 * Link images draw with the fonts that ship with the app and fetch nothing (findings 3–4): a
 * label with an emoji or a right-to-left override must not send its characters to a font or
 * emoji host, and must still produce a picture.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { getPrisma } from '@/lib/db/client';
import { useAppDatabase } from '@/test/app-database';
import type { TestDatabase } from '@/test/database';
import { drawable } from './render';
import { comparisonImage, runImage } from './images';

describe('link images', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    const run = (id: string, gatewayVersion: string) => ({ id, targetName: 'internal-gw.corp', targetUrl: 'http://127.0.0.1:1', config: {}, status: 'completed' as const, gatewayName: 'LiteLLM 🚀', gatewayVersion, requests: 100, failures: 0, rps: 50, latencyP50Ms: 10, latencyP95Ms: 20, latencyP99Ms: 30 });
    await getPrisma().run.createMany({ data: [run('emojiRun01', '1.0\u202Egnp.exe'), run('emojiRun02', '2.0 ✅')] });
  });
  afterAll(() => db.drop());

  it('replaces what the bundled fonts cannot draw, and bidi controls', () => {
    expect(drawable('LiteLLM 🚀 1.0\u202Egnp.exe ≈ ✅ café')).toBe('LiteLLM ? 1.0gnp.exe ~ ? café');
  });

  it('renders runs and comparisons with emoji and RTL-override labels without one network request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      for (const response of [await runImage('emojiRun01'), await runImage('emojiRun01', 'public'), await comparisonImage(['emojiRun01', 'emojiRun02'])]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
        const png = Buffer.from(await response.arrayBuffer());
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length).toBeGreaterThan(5000);
      }
      // next/og loads its own bundled renderer from a data: URL; nothing else may be fetched.
      const fetched = fetchSpy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
      expect(fetched.filter((url) => !url.startsWith('data:'))).toEqual([]);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
