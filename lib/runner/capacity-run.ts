/**
 * A capacity run in the worker: open-model steps at the rates the search (./capacity-search.ts)
 * asks for, one after another, reported as one continuous series. The run's summary is the
 * step that proved the limit (the highest rate that held); every step is in `capacity.steps`.
 */
import type { RunConfig } from './config';
import { highestHeld, judgeStep, nextStep, type CapacitySearch, type CapacityStep } from './capacity-search';
import { runStage, type StageHooks, type StageResult } from './stage';

export interface CapacityResult {
  search: CapacitySearch;
  steps: (CapacityStep & { startSecond: number })[];
  /** The highest rate that held (null: none did). */
  limitRps: number | null;
  /** The index of the step that proved it. */
  provenBy: number | null;
  /** Whether the objective broke at some rate (false: the limit is a lower bound). */
  reached: boolean;
  reason: string;
}

export async function runCapacitySearch(config: RunConfig, label: string, hooks: StageHooks = {}): Promise<StageResult> {
  const search = config.findCapacity!;
  if (config.load.model !== 'open') throw new Error('finding the limit needs the open model');
  const load = config.load;
  const steps: CapacityResult['steps'] = [];
  const results: StageResult[] = [];
  let offset = 0;
  let answer: Extract<ReturnType<typeof nextStep>, { done: true }> | undefined;
  while (!hooks.signal?.aborted) {
    const state = nextStep(steps, search, load.rate);
    if (state.done) {
      answer = state;
      break;
    }
    const rate = state.nextRate;
    const stepConfig: RunConfig = { ...config, findCapacity: undefined, load: { ...load, rate }, durationMs: search.stepMs, requests: undefined, warmupMs: steps.length === 0 ? config.warmupMs : 0 };
    let lastSecond = -1;
    const startSecond = offset;
    const result = await runStage(stepConfig, `${label} · ${rate} req/s`, {
      signal: hooks.signal,
      onPoint: (point, arm) => {
        if (point.second >= 0) lastSecond = Math.max(lastSecond, point.second);
        // Warm-up seconds are negative and come only before the first step.
        hooks.onPoint?.({ ...point, second: point.second >= 0 ? point.second + startSecond : point.second }, arm);
      },
    });
    offset += lastSecond + 1;
    results.push(result);
    if (result.cancelled) break;
    steps.push({ ...judgeStep({ rate, requests: result.requests, failures: result.failures, rps: result.rps, p95Ms: result.latencyMs?.p95 ?? null, p99Ms: result.latencyMs?.p99 ?? null, ttftP95Ms: result.ttftMs?.p95 ?? null }, search), startSecond });
  }
  const cancelled = !!hooks.signal?.aborted;
  const provenBy = answer?.provenBy ?? highestHeld(steps);
  const chosen = (provenBy !== null ? results[provenBy] : results.at(-1))!;
  const capacity: CapacityResult = answer
    ? { search, steps, limitRps: answer.limitRps, provenBy: answer.provenBy, reached: answer.reached, reason: answer.reason }
    : { search, steps, limitRps: provenBy !== null ? steps[provenBy].rate : null, provenBy, reached: false, reason: 'cancelled before the search ended: the limit is at least the highest rate that held' };
  return { ...chosen, label, cancelled, capacity };
}
