/**
 * What a run does when nobody says otherwise: the one set of defaults the config schema
 * applies, the New run form shows and the API and CLI inherit. No imports, so a client
 * component can read it without pulling in the schema.
 */
export const RUN_DEFAULTS = {
  model: 'mock-gpt',
  users: 10,
  spawnRate: 0,
  rate: 50,
  poisson: false,
  maxInFlight: 1000,
  durationMs: 30_000,
  /** Connection setup and a gateway's cold start stay out of the results. */
  warmupMs: 5000,
  stream: false,
  maxTokens: 64,
  promptKind: 'short',
  repeat: 150,
  cacheBust: false,
  timeoutMs: 60_000,
  maxBodyBytes: 10 * 1024 * 1024,
  overheadHeader: 'x-litellm-overhead-duration-ms',
  /** A run whose every request fails for this long stops, with the reason (0: never). */
  stopOnFailureSeconds: 10,
  /** A/B experiments: rounds of every arm (the unit of evidence; 2 at least for a verdict). */
  rounds: 4,
} as const;

/** The reference targets (PRODUCT.md) as thresholds: mean under 5 s, over 50 QPS, under 1% errors. */
export const REFERENCE_THRESHOLDS = ['avg_ms < 5000', 'rps > 50', 'error_rate < 0.01'];

export const apiFlavours = ['openai-chat', 'openai-completions', 'openai-embeddings', 'raw-http'] as const;
export type ApiFlavour = (typeof apiFlavours)[number];
