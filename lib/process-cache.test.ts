import { describe, expect, it } from 'vitest';
import { ProcessCache } from './process-cache';

describe('ProcessCache', () => {
  it('forgets entries after the TTL, drops everything at the bound, and is one copy per name', () => {
    const cache = new ProcessCache<string | null>('test-cache-a', 1000, 2);
    cache.set('a', 'A', 0);
    cache.set('n', null, 0);
    expect(cache.get('a', 999)).toBe('A');
    expect(cache.get('n', 999)).toBeNull();
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.set('b', 'B', 0);
    cache.set('c', 'C', 0); // the bound (2) was reached: everything else is dropped
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('n', 1)).toBeUndefined();
    expect(new ProcessCache<string>('test-cache-a', 1000).get('c', 1)).toBe('C');
    cache.deleteWhere((value) => value === 'C');
    expect(cache.get('c', 1)).toBeUndefined();
  });
});
