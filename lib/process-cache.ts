/**
 * What this process remembers for a short while: entries are forgotten after `ttlMs`, and the
 * whole map is dropped when it reaches `max` entries (a spray of unknown keys cannot grow it).
 * Kept on globalThis under `name`, because the start script and the Next.js bundle load lib/
 * separately and must share one copy (so that a change made in one is seen by the other).
 */
export class ProcessCache<V> {
  private readonly entries: Map<string, { value: V; at: number }>;

  constructor(
    name: string,
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {
    const holder = globalThis as Record<symbol, Map<string, { value: V; at: number }> | undefined>;
    this.entries = holder[Symbol.for(`gateway-bench.${name}`)] ??= new Map();
  }

  /** The value remembered for `key`, or undefined when there is none or it is too old. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, now = Date.now()): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, at: now });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry whose value passes `test`. */
  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }
}
