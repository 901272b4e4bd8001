/**
 * The load engine's API: start a run in a worker thread, receive a point every second and
 * each stage's result, cancel at any moment. The caller's event loop (a web server) stays
 * free: all sending and measuring happens in the worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StagePlan } from './config';
import type { FromWorker, ToWorker } from './messages';
import type { SeriesPoint } from './metrics/recorder';
import type { StageResult } from './stage';

export type { RunConfig, RunConfigInput, StagePlan } from './config';
export type { SeriesPoint } from './metrics/recorder';
export type { StageResult } from './stage';

/**
 * Each callback names its stage by the id it was planned with; an overhead stage's upstream arm
 * by its `pairedId` (its points, and its result after the gateway's, which carries the difference).
 */
export interface RunCallbacks {
  onStageStart?: (stage: StagePlan) => void;
  onPoint?: (stageId: string, point: SeriesPoint) => void;
  onStageEnd?: (stageId: string, result: StageResult) => void;
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

/**
 * Runs the planned stages one after another. The configs are already parsed (runConfigSchema,
 * at the boundary that received them) and stages expanded once (expandStages): the engine
 * takes them as they are.
 */
export function startRun(stages: StagePlan[], callbacks: RunCallbacks = {}): RunHandle {
  // The worker's flags are its own, not whatever the host process was started with.
  const worker = new Worker(workerEntry(), { execArgv: [] });
  const results: StageResult[] = [];
  let cancelRequested = false;

  const done = new Promise<RunOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'stage-start':
          callbacks.onStageStart?.(stages[message.stage]);
          break;
        case 'point': {
          const stage = stages[message.stage];
          callbacks.onPoint?.(message.arm === 1 && stage.pairedId ? stage.pairedId : stage.id, message.point);
          break;
        }
        case 'stage-end': {
          const stage = stages[message.stage];
          results.push(message.result);
          callbacks.onStageEnd?.(stage.id, message.result);
          if (stage.pairedId && message.result.paired) callbacks.onStageEnd?.(stage.pairedId, message.result.paired.upstream);
          break;
        }
        case 'done':
          settled = true;
          resolve({ stages: results, cancelled: message.cancelled || cancelRequested });
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

  worker.postMessage({ type: 'start', stages } satisfies ToWorker);
  return {
    cancel() {
      cancelRequested = true;
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    },
    done,
  };
}

/** Collects a run's per-second series by stage id, in bounded lists (a day of points at most). */
export function collectSeries(): { points: Map<string, SeriesPoint[]>; onPoint: (stageId: string, point: SeriesPoint) => void } {
  const points = new Map<string, SeriesPoint[]>();
  return {
    points,
    onPoint(stageId, point) {
      const list = points.get(stageId) ?? [];
      points.set(stageId, list);
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
