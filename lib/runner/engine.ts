/**
 * The load engine's API: start a run in a worker thread, receive a point every second and
 * each stage's result, cancel at any moment. The caller's event loop (a web server) stays
 * free: all sending and measuring happens in the worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runConfigSchema, type RunConfig, type RunConfigInput } from './config';
import type { FromWorker, ToWorker } from './messages';
import type { SeriesPoint } from './metrics/recorder';
import type { StageResult } from './stage';

export type { RunConfig, RunConfigInput } from './config';
export type { SeriesPoint } from './metrics/recorder';
export type { StageResult } from './stage';

export interface RunCallbacks {
  onStageStart?: (stage: number, label: string) => void;
  onPoint?: (stage: number, point: SeriesPoint) => void;
  onStageEnd?: (stage: number, result: StageResult) => void;
}

export interface RunOutcome {
  stages: StageResult[];
  cancelled: boolean;
}

export interface RunHandle {
  /** Stops sending; the current stage ends with everything measured so far. */
  cancel(): void;
  readonly done: Promise<RunOutcome>;
}

const SERIES_LIMIT = 86_400;

/** Validates the config (throws a ZodError a caller can turn into field errors) and starts the run. */
export function startRun(input: RunConfigInput | RunConfig, callbacks: RunCallbacks = {}): RunHandle {
  const config = runConfigSchema.parse(input);
  // The worker's flags are its own, not whatever the host process was started with.
  const worker = new Worker(workerEntry(), { execArgv: [] });
  const stages: StageResult[] = [];
  let cancelRequested = false;

  const done = new Promise<RunOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'stage-start':
          callbacks.onStageStart?.(message.stage, message.label);
          break;
        case 'point':
          callbacks.onPoint?.(message.stage, message.point);
          break;
        case 'stage-end':
          stages.push(message.result);
          callbacks.onStageEnd?.(message.stage, message.result);
          break;
        case 'done':
          settled = true;
          resolve({ stages, cancelled: message.cancelled || cancelRequested });
          void worker.terminate();
          break;
        case 'error':
          settled = true;
          reject(new Error(`load engine failed: ${message.message}`));
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`load engine stopped unexpectedly (exit code ${code})`));
      settled = true;
    });
  });

  worker.postMessage({ type: 'start', config } satisfies ToWorker);
  return {
    cancel() {
      cancelRequested = true;
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    },
    done,
  };
}

/** Collects a run's per-second series in a bounded list (a day of points at most). */
export function collectSeries(): { points: SeriesPoint[][]; onPoint: (stage: number, point: SeriesPoint) => void } {
  const points: SeriesPoint[][] = [];
  return {
    points,
    onPoint(stage, point) {
      const list = (points[stage] ??= []);
      if (list.length < SERIES_LIMIT) list.push(point);
    },
  };
}

/** The worker: compiled JavaScript when present, else the TypeScript source through tsx. */
function workerEntry(): string {
  const here = typeof __dirname === 'string' ? __dirname : path.resolve('lib/runner');
  const js = path.join(here, 'worker.js');
  return fs.existsSync(js) ? js : path.join(here, 'worker-entry.cjs');
}
