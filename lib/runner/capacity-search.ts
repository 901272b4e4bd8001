/**
 * "Find the limit" (PRODUCT.md, "Methods": capacity): an open-model arrival rate raised in steps
 * until the objective breaks, then bisected between the highest rate that held and the lowest
 * that broke. Pure: the worker runs the steps, this decides the next rate and judges each step.
 */
import { z } from 'zod';

export const capacityObjectives = ['p95', 'p99', 'ttftP95'] as const;
export type CapacityObjective = (typeof capacityObjectives)[number];

export const OBJECTIVE_LABELS: Record<CapacityObjective, string> = { p95: 'p95', p99: 'p99', ttftP95: 'TTFT p95' };

export const capacitySearchSchema = z.object({
  objective: z.enum(capacityObjectives).default('p95'),
  /** The latency objective: the step fails when the objective metric is over it. */
  limitMs: z.number().positive('the latency objective must be above 0 ms').max(3_600_000),
  /** A step also fails when more than this share of its requests failed (default 1%). */
  maxFailureRate: z.number().min(0).max(1).default(0.01),
  /** Each step's measured length (the first step also gets the run's warm-up). */
  stepMs: z.number().int().min(1000, 'a step lasts at least 1 s').max(3_600_000).default(10_000),
  /** The highest rate tried; reaching it with the objective held says "at least this". */
  maxRate: z.number().positive().max(100_000).default(100_000),
  /** The ramp multiplies the rate by this while steps hold. */
  growth: z.number().min(1.1).max(10).default(2),
  /** Bisection stops when the rate that broke is within this share above the one that held. */
  precision: z.number().min(0.005).max(0.5).default(0.03),
  /** At most this many steps (the server's run limits may lower it). */
  maxSteps: z.number().int().min(2).max(100).default(20),
});

export type CapacitySearch = z.output<typeof capacitySearchSchema>;

/** What one step measured, as the search judges it. */
export interface StepMeasure {
  rate: number;
  requests: number;
  failures: number;
  rps: number;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftP95Ms: number | null;
}

export interface CapacityStep extends StepMeasure {
  passed: boolean;
  /** Why it failed, or what held. */
  reason: string;
}

/** Whether a step held the objective, and why (or why not). */
export function judgeStep(step: StepMeasure, search: CapacitySearch): CapacityStep {
  const failureRate = step.requests ? step.failures / step.requests : 1;
  const metric = search.objective === 'p95' ? step.p95Ms : search.objective === 'p99' ? step.p99Ms : step.ttftP95Ms;
  const name = OBJECTIVE_LABELS[search.objective];
  if (step.requests === 0) return { ...step, passed: false, reason: 'no request completed' };
  if (failureRate > search.maxFailureRate) return { ...step, passed: false, reason: `${(failureRate * 100).toFixed(2)}% of requests failed (bound ${(search.maxFailureRate * 100).toFixed(2)}%)` };
  if (metric === null) return { ...step, passed: false, reason: `no ${name} measured${search.objective === 'ttftP95' ? ' (TTFT needs streamed replies)' : ''}` };
  if (metric > search.limitMs) return { ...step, passed: false, reason: `${name} ${round(metric)} ms over the ${search.limitMs} ms objective` };
  return { ...step, passed: true, reason: `${name} ${round(metric)} ms within ${search.limitMs} ms, ${(failureRate * 100).toFixed(2)}% failed` };
}

export type SearchState =
  | { done: false; nextRate: number; phase: 'ramp' | 'bisect' }
  | { done: true; limitRps: number | null; provenBy: number | null; reached: boolean; reason: string };

/**
 * The next rate to try, or the answer. Ramp: ×growth while steps hold. Once one breaks, bisect
 * between the highest rate that held and the lowest that broke until they are within
 * `precision`. The limit is the highest rate that held, proved by that step.
 */
export function nextStep(steps: CapacityStep[], search: CapacitySearch, startRate: number): SearchState {
  if (steps.length === 0) return { done: false, nextRate: Math.min(startRate, search.maxRate), phase: 'ramp' };
  const broke = steps.filter((s) => !s.passed);
  const heldAt = highestHeld(steps);
  const best = heldAt === null ? undefined : steps[heldAt];
  const lowestBroken = broke.filter((s) => !best || s.rate > best.rate).reduce<CapacityStep | undefined>((a, s) => (!a || s.rate < a.rate ? s : a), undefined);
  const proven = (reached: boolean, reason: string): SearchState => ({ done: true, limitRps: best?.rate ?? null, provenBy: heldAt, reached, reason });
  if (!lowestBroken) {
    if (best && best.rate >= search.maxRate) return proven(false, `the objective still held at the highest rate tried (${round(search.maxRate)} req/s): the limit is at least that`);
    if (steps.length >= search.maxSteps) return proven(false, `stopped after ${steps.length} steps (the most this run may take) with the objective still holding`);
    return { done: false, nextRate: Math.min(best!.rate * search.growth, search.maxRate), phase: 'ramp' };
  }
  const low = best?.rate ?? 0;
  if (best && lowestBroken.rate <= low * (1 + search.precision)) return proven(true, `${round(low)} req/s held and ${round(lowestBroken.rate)} req/s broke (${lowestBroken.reason})`);
  if (!best && lowestBroken.rate <= 1) return proven(true, `the objective broke even at ${round(lowestBroken.rate)} req/s (${lowestBroken.reason})`);
  if (steps.length >= search.maxSteps) return proven(!!best, `stopped after ${steps.length} steps (the most this run may take): between ${round(low)} and ${round(lowestBroken.rate)} req/s`);
  return { done: false, nextRate: round(best ? (low + lowestBroken.rate) / 2 : lowestBroken.rate / search.growth, 3), phase: 'bisect' };
}

/** The index of the highest-rate step that held, or null when none did. */
export function highestHeld(steps: CapacityStep[]): number | null {
  let best: number | null = null;
  steps.forEach((s, i) => {
    if (s.passed && (best === null || s.rate > steps[best].rate)) best = i;
  });
  return best;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
