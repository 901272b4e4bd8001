/** Runs a config to completion in the engine and keeps its series, for tests and scripts. */
import { collectSeries, startRun, type RunConfigInput } from './engine';

export async function runToEnd(config: RunConfigInput, options: { cancelAfterMs?: number; onStart?: () => void } = {}) {
  const series = collectSeries();
  const handle = startRun(config, { onPoint: series.onPoint });
  if (options.cancelAfterMs !== undefined) setTimeout(() => handle.cancel(), options.cancelAfterMs);
  const outcome = await handle.done;
  return { ...outcome, stage: outcome.stages[0], series: series.points };
}
