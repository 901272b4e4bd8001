import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext: where sign-in may send you back (finding 2)', () => {
  it('keeps local paths with their query', () => {
    expect(safeNext('/runs?status=completed')).toBe('/runs?status=completed');
    expect(safeNext('/runs/abc')).toBe('/runs/abc');
  });

  it('refuses anything a browser could resolve to another host', () => {
    for (const hostile of ['/\t/127.0.0.1:47003/X', '/%09/127.0.0.1:47003/X'.replace('%09', '\t'), '//evil.example/x', '/\\evil.example', '\\\\evil', 'https://evil.example', '/\n/evil.example', ' /runs', '/ /evil', 'javascript:alert(1)', '', undefined, 42]) {
      expect(safeNext(hostile), JSON.stringify(hostile)).toBe('/');
    }
  });
});
