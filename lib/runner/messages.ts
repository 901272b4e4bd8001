/** Messages between the engine (caller's thread) and the worker thread that makes the load. */
import type { RunConfig } from './config';
import type { SeriesPoint } from './metrics/recorder';
import type { StageResult } from './stage';

export type ToWorker = { type: 'start'; config: RunConfig } | { type: 'cancel' };

export type FromWorker =
  | { type: 'stage-start'; stage: number; label: string }
  | { type: 'point'; stage: number; point: SeriesPoint }
  | { type: 'stage-end'; stage: number; result: StageResult }
  | { type: 'done'; cancelled: boolean }
  | { type: 'error'; message: string };
