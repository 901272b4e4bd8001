/**
 * Worker-thread entry: runs a run's stages one after another off the caller's event loop
 * and reports every second. A cancel stops the current stage with its results intact.
 */
import { parentPort } from 'node:worker_threads';
import type { StagePlan } from './config';
import type { FromWorker, ToWorker } from './messages';
import { runCapacitySearch } from './capacity-run';
import { runStage } from './stage';

const port = parentPort!;
const controller = new AbortController();
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') controller.abort();
  else void run(message.stages);
});

async function run(stages: StagePlan[]) {
  try {
    for (const [stage, { label, config: stageConfig }] of stages.entries()) {
      if (controller.signal.aborted) break;
      post({ type: 'stage-start', stage });
      const result = await (stageConfig.findCapacity ? runCapacitySearch : runStage)(stageConfig, label, {
        signal: controller.signal,
        onPoint: (point, arm) => post({ type: 'point', stage, point, arm }),
      });
      post({ type: 'stage-end', stage, result });
    }
    post({ type: 'done', cancelled: controller.signal.aborted });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
