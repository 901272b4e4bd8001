/**
 * Pages take input too: their query strings. Every page, signed in as admin, with fast-check's
 * hostile query strings (script tags, SQL, huge numbers, unicode, repeated keys): never a
 * server error, and markup in a query never comes back as markup.
 */
import fc from 'fast-check';
import { expect, test } from '@playwright/test';

const PAGES = ['/', '/runs', '/runs/new', '/compare', '/capacity', '/targets', '/users', '/settings', '/account', '/runs/nope', '/share/nope', '/sign-in'];
const KEYS = ['q', 'status', 'sort', 'dir', 'page', 'gateway', 'version', 'instances', 'tag', 'target', 'runs', 'baseline', 'p95', 'notice', 'next', 'stage', 'rps', 'objective', 'latency', 'headroom', 'points', 'users'];
const HOSTILE = ['<script>alert(1)</script>', '"><svg onload=alert(1)>', `'; DROP TABLE "Run"; --`, '1e309', '-1', 'NaN', '9'.repeat(300), '%00', '😀'.repeat(50), '../../etc/passwd', '//evil.example', 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v'];

test('every page answers hostile query strings without a server error or injected markup', async ({ request }) => {
  test.setTimeout(120_000);
  const queries = fc.sample(
    fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 30 }), fc.integer().map(String))), { minLength: 1, maxLength: 6 }),
    { numRuns: 25, seed: Number(process.env.FUZZ_SEED ?? 42) },
  );
  for (const path of PAGES) {
    for (const pairs of queries) {
      const query = new URLSearchParams(pairs).toString();
      const response = await request.get(`${path}?${query}`, { maxRedirects: 0 });
      expect(response.status(), `${path}?${query}`).toBeLessThan(500);
      const body = await response.text();
      expect(body, `${path}?${query}`).not.toContain('<script>alert(1)</script>');
      expect(body, `${path}?${query}`).not.toContain('<svg onload=alert(1)>');
    }
  }
});
