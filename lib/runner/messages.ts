/** Messages between the engine (caller's thread) and the worker thread that makes the load. */
import type { StagePlan } from './config';
import type { SeriesPoint } from './metrics/recorder';
import type { StageResult } from './stage';

/** Stages are referred to by their position in the plan the worker was started with. */
export type ToWorker = { type: 'start'; stages: StagePlan[] } | { type: 'cancel' };

export type FromWorker =
  | { type: 'stage-start'; stage: number }
  | { type: 'point'; stage: number; point: SeriesPoint; arm: 0 | 1 }
  | { type: 'stage-end'; stage: number; result: StageResult }
  | { type: 'done'; cancelled: boolean }
  | { type: 'error'; message: string };
