/** Runs a config to completion in the engine, as tests and scripts need it: parsed, planned, its series kept. */
import { expandStages, runConfigSchema, type RunConfigInput } from '../lib/runner/config';
import { collectSeries, startRun } from '../lib/runner/engine';

export async function runToEnd(config: RunConfigInput, options: { cancelAfterMs?: number } = {}) {
  const stages = expandStages(runConfigSchema.parse(config));
  const series = collectSeries();
  const handle = startRun(stages, { onPoint: series.onPoint });
  if (options.cancelAfterMs !== undefined) setTimeout(() => handle.cancel(), options.cancelAfterMs);
  const outcome = await handle.done;
  return { ...outcome, stage: outcome.stages[0], series: stages.map((s) => series.points.get(s.id) ?? []) };
}
