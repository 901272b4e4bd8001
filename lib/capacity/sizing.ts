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
  advice: string[];
}

export function sizeFor(targetRps: number): SizingAdvice {
  const pick = (bands: SizingBand[]) => bands.filter((b) => targetRps >= b.fromRps).at(-1)!;
  const postgres = pick(postgresBands);
  const why =
    targetRps < 1000
      ? `${targetRps} RPS is below the smallest band in the tables (1–2K RPS), so that band is the starting point.`
      : `${targetRps} RPS falls in the ${postgres.band} band.`;
  const advice = [
    "Batch the proxy's database writes (e.g. LiteLLM's proxy_batch_write_at: 60) to cut write load.",
    'Use Redis (7.0+, AOF on, maxmemory-policy allkeys-lru): it takes 60–80% of the load off the database.',
    'Configure the Redis client with host, port and password rather than a URL (about 80 RPS better in the reference test).',
  ];
  if (targetRps >= 5000) advice.push('Above 5K RPS, add PostgreSQL read replicas.');
  return { postgres, redis: pick(redisBands), why, advice };
}
