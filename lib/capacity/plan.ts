/**
 * A capacity plan: every output with its working, from the three URL inputs (targetRps,
 * latencyMs, headroom) and either measured runs or typed (instances, RPS) points.
 */
import { isRunId } from '../runs/run-id';
import { z } from 'zod';
import { requiredConcurrency, round, type ConcurrencyPlan } from './littles-law';
import { fitScaling, instancesFor, type InstancePlan, type ScalingFit, type ScalingPoint } from './scaling';
import { sizeFor, type SizingAdvice } from './sizing';

const num = (label: string, min: number, max: number) =>
  z.coerce.number({ error: `${label} must be a number` }).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`);

export const capacityInputSchema = z.object({
  targetRps: num('target RPS', 0.001, 10_000_000).default(1000),
  latencyMs: num('the latency objective', 0.001, 3_600_000).default(200),
  headroom: num('headroom', 0, 10).default(0.3),
  /** Typed measurements: "2:1035.7, 4:1170" (instances:RPS). */
  points: z
    .string()
    .trim()
    .default('')
    .transform((text, ctx) => {
      if (!text) return [] as ScalingPoint[];
      const points: ScalingPoint[] = [];
      for (const part of text.split(',')) {
        const match = /^\s*(\d+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
        if (!match || Number(match[1]) < 1) {
          ctx.addIssue({ code: 'custom', message: `write measurements as instances:RPS pairs, e.g. 2:1035.7, 4:1170 (could not read "${part.trim()}")` });
          return z.NEVER;
        }
        points.push({ instances: Number(match[1]), rps: Number(match[2]) });
      }
      return points;
    }),
  runs: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((id) => id.trim()).filter(isRunId).slice(0, 50)),
  cpus: num('CPUs per instance', 1, 1024).optional(),
  poolLimit: num('the connection pool limit', 1, 10_000).default(10),
});

export type CapacityInput = z.output<typeof capacityInputSchema>;

export interface MeasuredRun {
  id: string;
  instanceCount: number | null;
  rps: number | null;
  latencyP95Ms: number | null;
  machineCpus: number | null;
}

export interface CapacityPlan {
  concurrency: ConcurrencyPlan;
  /** Per instance count: the best measured RPS within the latency objective. */
  measured: (ScalingPoint & { perInstance: number; runId?: string })[];
  excluded: { id: string; reason: string }[];
  fit?: ScalingFit;
  instances?: InstancePlan;
  linearInstances?: number;
  workers?: { perInstance: number; source: string };
  connections?: { total: number; formula: string };
  sizing: SizingAdvice;
}

export function buildPlan(input: CapacityInput, runs: MeasuredRun[]): CapacityPlan {
  const excluded: CapacityPlan['excluded'] = [];
  const best = new Map<number, ScalingPoint & { runId?: string }>();
  for (const run of runs) {
    if (run.instanceCount === null) excluded.push({ id: run.id, reason: 'no instance count label' });
    else if (run.rps === null || run.latencyP95Ms === null) excluded.push({ id: run.id, reason: 'no results' });
    else if (run.latencyP95Ms > input.latencyMs) excluded.push({ id: run.id, reason: `p95 ${round(run.latencyP95Ms, 2)} ms is over the ${input.latencyMs} ms objective` });
    else if ((best.get(run.instanceCount)?.rps ?? -1) < run.rps) best.set(run.instanceCount, { instances: run.instanceCount, rps: run.rps, runId: run.id });
  }
  for (const point of input.points) if ((best.get(point.instances)?.rps ?? -1) < point.rps) best.set(point.instances, point);
  const measured = [...best.values()].sort((a, b) => a.instances - b.instances).map((p) => ({ ...p, perInstance: p.rps / p.instances }));

  const fit = fitScaling(measured);
  const instances = fit && instancesFor(fit, input.targetRps, input.headroom);
  const bestPerInstance = measured.length ? Math.max(...measured.map((m) => m.perInstance)) : undefined;
  const linearInstances = bestPerInstance ? Math.ceil((input.targetRps * (1 + input.headroom)) / bestPerInstance - 1e-9) : undefined;
  const cpusFromRuns = runs.find((r) => r.machineCpus)?.machineCpus ?? undefined;
  const perInstance = input.cpus ?? cpusFromRuns;
  const workers = perInstance ? { perInstance, source: input.cpus ? 'the CPUs you gave' : 'the CPU label of the measured runs' } : undefined;
  const connections = instances?.instances
    ? { total: input.poolLimit * instances.instances, formula: `pool limit × instances = ${input.poolLimit} × ${instances.instances} = ${input.poolLimit * instances.instances}` }
    : undefined;
  return {
    concurrency: requiredConcurrency(input.targetRps, input.latencyMs, input.headroom),
    measured,
    excluded,
    fit,
    instances,
    linearInstances,
    workers,
    connections,
    sizing: sizeFor(input.targetRps),
  };
}
