/**
 * PostgreSQL and Redis sizing for an LLM gateway, by load band, from the reference
 * deployment notes (see shared product notes): the band is chosen by target RPS.
 */
export interface SizingBand {
  band: string;
  /** Lowest RPS this band covers. */
  fromRps: number;
  cpu: string;
  ram: string;
  storage?: string;
  connections?: string;
}

export const postgresBands: SizingBand[] = [
  { band: '1–2K RPS', fromRps: 0, cpu: '4–8 cores', ram: '16 GB', storage: '200 GB SSD (3000+ IOPS)', connections: '100–200' },
  { band: '2–5K RPS', fromRps: 2000, cpu: '8 cores', ram: '16–32 GB', storage: '500 GB SSD (5000+ IOPS)', connections: '200–500' },
  { band: '5K+ RPS', fromRps: 5000, cpu: '16+ cores', ram: '32–64 GB', storage: '1 TB+ SSD (10000+ IOPS)', connections: '500+' },
];

export const redisBands: SizingBand[] = [
  { band: '1–2K RPS', fromRps: 0, cpu: '2–4 cores', ram: '8 GB' },
  { band: '2–5K RPS', fromRps: 2000, cpu: '4 cores', ram: '16 GB' },
  { band: '5K+ RPS', fromRps: 5000, cpu: '8+ cores', ram: '32 GB+' },
];

export interface SizingAdvice {
  postgres: SizingBand;
  redis: SizingBand;
  why: string;
  /** Which gateway the advice is for: litellm, portkey, or generic. */
  gateway: 'litellm' | 'portkey' | 'generic';
  /** Whether the gateway needs each store at all. */
  needs: { postgres: string; redis: string };
  advice: string[];
}

/** Which advice applies, from a gateway label ("LiteLLM", "litellm-proxy", "Portkey", …). */
export function gatewayKind(label: string | undefined): SizingAdvice['gateway'] {
  if (label && /lite\s*llm/i.test(label)) return 'litellm';
  if (label && /portkey/i.test(label)) return 'portkey';
  return 'generic';
}

export function sizeFor(targetRps: number, gatewayLabel?: string): SizingAdvice {
  const pick = (bands: SizingBand[]) => bands.filter((b) => targetRps >= b.fromRps).at(-1)!;
  const postgres = pick(postgresBands);
  const why =
    targetRps < 1000
      ? `${targetRps} RPS is below the smallest band in the tables (1–2K RPS), so that band is the starting point.`
      : `${targetRps} RPS falls in the ${postgres.band} band.`;
  const gateway = gatewayKind(gatewayLabel);
  if (gateway === 'litellm') {
    const advice = [
      "Batch the proxy's database writes (proxy_batch_write_at: 60) to cut write load: spend logs and keys are written in batches instead of per request.",
      'Use Redis (7.0+, AOF on, maxmemory-policy allkeys-lru) for rate limits and router state shared across instances: it takes 60–80% of the load off the database.',
      'Configure the Redis client with host, port and password rather than a URL (about 80 RPS better in the reference test).',
    ];
    if (targetRps >= 5000) advice.push('Above 5K RPS, add PostgreSQL read replicas.');
    return { postgres, redis: pick(redisBands), why, gateway, needs: { postgres: 'yes: keys, budgets and spend logs', redis: 'yes, with more than one instance: rate limits and router state' }, advice };
  }
  if (gateway === 'portkey') {
    return {
      postgres,
      redis: pick(redisBands),
      why,
      gateway,
      needs: { postgres: 'no: the open-source gateway keeps no database (the band is for a log store, if you add one)', redis: 'only for its cache (simple or semantic caching)' },
      advice: [
        'The gateway is stateless: scale it by adding instances behind a load balancer; the instance count above is the plan.',
        'Redis only when caching is on: size it by the cache, not the request rate (the band is an upper bound).',
        'Its overhead is measured with an overhead run against the upstream: it sends no overhead header of its own.',
      ],
    };
  }
  return {
    postgres,
    redis: pick(redisBands),
    why,
    gateway,
    needs: { postgres: 'if the gateway writes keys, budgets or logs per request', redis: 'if instances share rate limits, routing state or a cache' },
    advice: [
      'Label runs with the gateway (LiteLLM, Portkey, …) for advice that fits it.',
      'Per-request database writes are the usual limit: batch them, and put shared counters (rate limits) in Redis.',
      ...(targetRps >= 5000 ? ['Above 5K RPS, add PostgreSQL read replicas.'] : []),
    ],
  };
}
