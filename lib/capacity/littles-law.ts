/** Little's law: requests in flight = arrival rate × time in system, plus headroom. */
export interface ConcurrencyPlan {
  concurrency: number;
  formula: string;
}

export function requiredConcurrency(targetRps: number, latencyMs: number, headroom: number): ConcurrencyPlan {
  const seconds = latencyMs / 1000;
  const exact = seconds * targetRps * (1 + headroom);
  const concurrency = Math.ceil(exact - 1e-9);
  return {
    concurrency,
    formula: `concurrency = latency × QPS × (1 + headroom) = ${round(seconds, 3)} s × ${round(targetRps, 2)} × ${round(1 + headroom, 3)} = ${round(exact, 2)} → ${concurrency}`,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
