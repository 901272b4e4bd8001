/** Presets drawn from the reference benchmarks in the product notes: form field values. */
export interface Preset {
  name: string;
  description: string;
  values: Record<string, string | boolean>;
}

export const presets: Preset[] = [
  {
    name: 'Reference 1K RPS test',
    description: '1000 users, spawn 500/s, think 0.5–1 s, long cache-busting prompt, 5 minutes (the LiteLLM reference setup).',
    values: { loadModel: 'closed', users: '1000', spawnRate: '500', thinkMin: '500', thinkMax: '1000', promptKind: 'long', repeat: '150', cacheBust: true, stopBy: 'duration', duration: '5m', sweep: '' },
  },
  {
    name: 'Concurrency sweep 1, 10, 50, 100, 300',
    description: 'The same test at five concurrency levels, 30 s each, to find the knee.',
    values: { loadModel: 'closed', users: '1', spawnRate: '0', thinkMin: '', thinkMax: '', promptKind: 'short', cacheBust: false, stopBy: 'duration', duration: '30s', sweep: '1, 10, 50, 100, 300' },
  },
  {
    name: 'Rate-limit check',
    description: 'An open-model 500 req/s for 1 minute: against a 2 × 10K RPM quota, expect ~20K successes and the rest 429s.',
    values: { loadModel: 'open', rate: '500', poisson: false, maxInFlight: '1000', promptKind: 'short', cacheBust: false, stopBy: 'duration', duration: '1m', sweep: '' },
  },
];
