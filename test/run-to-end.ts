/**
 * Runs a config to completion in the engine, as tests need it: parsed, planned, its series kept.
 * Tests measure from the first request unless they ask for a warm-up (the product's default is 5 s).
 */
import { expandStages, runConfigSchema, type RunConfigInput } from '../lib/runner/config';
import { collectSeries, startRun } from '../lib/runner/engine';

export async function runToEnd(config: RunConfigInput, options: { cancelAfterMs?: number } = {}) {
  const stages = expandStages(runConfigSchema.parse({ warmupMs: 0, ...config }));
  const series = collectSeries();
  const handle = startRun(stages, { onPoint: series.onPoint });
  if (options.cancelAfterMs !== undefined) setTimeout(() => handle.cancel(), options.cancelAfterMs);
  const outcome = await handle.done;
  return { ...outcome, stage: outcome.stages[0], series: stages.map((s) => series.points.get(s.id) ?? []), upstreamSeries: stages.map((s) => (s.pairedId && series.points.get(s.pairedId)) || []) };
}
