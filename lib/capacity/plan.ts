/**
 * A capacity plan: every output with its working, from the three URL inputs (targetRps,
 * latencyMs, headroom) and either measured runs or typed (instances, RPS) points.
 */
import { isRunId } from '../runs/run-id';
import { z } from 'zod';
import { requiredConcurrency, round, type ConcurrencyPlan } from './littles-law';
import { fitScaling, instancesFor, throughputAt, type InstancePlan, type ScalingFit, type ScalingPoint } from './scaling';
import { sizeFor, type SizingAdvice } from './sizing';

/** A number field; empty (or only spaces) means "not given", so its default applies. */
const num = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: `${label} must be a number` }).min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`).optional(),
  );

export const capacityInputSchema = z.object({
  targetRps: num('target RPS', 0.001, 10_000_000).transform((v) => v ?? 1000),
  latencyMs: num('the latency objective', 0.001, 3_600_000).transform((v) => v ?? 200),
  headroom: num('headroom', 0, 10).transform((v) => v ?? 0.3),
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
  cpus: num('CPUs per instance', 1, 1024),
  poolLimit: num('the connection pool limit', 1, 10_000).transform((v) => v ?? 10),
  /** Use closed-model runs (lower bounds) as if they were capacities: "1". */
  lowerBounds: z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean()),
  /** The gateway the advice is for (default: the runs' gateway label). */
  gateway: z.string().trim().max(100).optional().transform((v) => v || undefined),
  /** Cost of one instance for an hour, for the monthly cost of the plan. */
  costPerHour: num('the cost per instance-hour', 0, 1_000_000),
});

export type CapacityInput = z.output<typeof capacityInputSchema>;

export interface MeasuredRun {
  id: string;
  instanceCount: number | null;
  rps: number | null;
  latencyP95Ms: number | null;
  machineCpus: number | null;
  gatewayName?: string | null;
  /**
   * What the run says about capacity: a capacity run's limit; a sweep's knee (throughput
   * stopped growing); an open-model run at its offered rate; a closed-model run, whose
   * throughput its users bound (users ÷ latency), so a lower bound.
   */
  evidence?: { kind: 'capacity'; limitRps: number | null; objectiveMs: number; reached: boolean } | { kind: 'knee' } | { kind: 'open' } | { kind: 'closed'; users: number; meanMs: number | null };
}

/** What this engine sends per core, measured: `npm run bench:peers` on Node 24, 33,993 req/s against a local mock (2-core machine). Rounded down for headroom. */
export const ENGINE_RPS_PER_CORE = 25_000;

export interface CapacityPlan {
  concurrency: ConcurrencyPlan;
  /** Per instance count: the best measured RPS within the latency objective. */
  measured: (ScalingPoint & { perInstance: number; runId?: string; source: string })[];
  excluded: { id: string; reason: string }[];
  fit?: ScalingFit;
  instances?: InstancePlan;
  linearInstances?: number;
  workers?: { perInstance: number; source: string };
  connections?: { total: number; formula: string };
  sizing: SizingAdvice;
  /** target × (1 + headroom): what the plan sizes for. */
  needed: number;
  /** Load-generator cores a test at the needed rate takes, from the engine's measured throughput. */
  loadGenerators: { cores: number; formula: string };
  /** The plan's cost per month (730 hours), when a cost per instance-hour is given. */
  monthlyCost?: { total: number; formula: string };
  /** A fit with as many parameters as points passes through every point: R² says nothing then. */
  exactFit: boolean;
  /** Instances needed if the fitted curve were 2 residual standard errors lower or higher (points > parameters only). */
  instanceRange?: { low: number | null; high: number | null; formula: string };
}

export function buildPlan(input: CapacityInput, runs: MeasuredRun[]): CapacityPlan {
  const excluded: CapacityPlan['excluded'] = [];
  const best = new Map<number, ScalingPoint & { runId?: string; source: string }>();
  const keep = (instances: number, rps: number, runId: string | undefined, source: string) => {
    if ((best.get(instances)?.rps ?? -1) < rps) best.set(instances, { instances, rps, runId, source });
  };
  for (const run of runs) {
    const evidence = run.evidence ?? { kind: 'open' as const };
    if (run.instanceCount === null) excluded.push({ id: run.id, reason: 'no instance count label' });
    else if (evidence.kind === 'capacity') {
      if (evidence.limitRps === null) excluded.push({ id: run.id, reason: 'its capacity search found no rate that held the objective' });
      else if (evidence.objectiveMs > input.latencyMs) excluded.push({ id: run.id, reason: `its limit was found for ${evidence.objectiveMs} ms, looser than this plan's ${input.latencyMs} ms objective: find the limit again at ${input.latencyMs} ms` });
      else keep(run.instanceCount, evidence.limitRps, run.id, evidence.reached ? 'capacity run' : 'capacity run (at least: the objective never broke)');
    } else if (run.rps === null || run.latencyP95Ms === null) excluded.push({ id: run.id, reason: 'no results' });
    else if (run.latencyP95Ms > input.latencyMs) excluded.push({ id: run.id, reason: `p95 ${round(run.latencyP95Ms, 2)} ms is over the ${input.latencyMs} ms objective` });
    else if (evidence.kind === 'closed' && !input.lowerBounds) {
      const bound = evidence.meanMs ? ` (${evidence.users} users ÷ ${round(evidence.meanMs, 1)} ms ≈ ${round((evidence.users * 1000) / evidence.meanMs, 1)} RPS)` : '';
      excluded.push({ id: run.id, reason: `a closed-model run: its ${round(run.rps, 1)} RPS is what its ${evidence.users} users could generate${bound}, a lower bound, not the gateway's limit. Find the limit with a capacity run or a sweep, or add &lowerBounds=1 to use it anyway` });
    } else keep(run.instanceCount, run.rps, run.id, evidence.kind === 'knee' ? 'sweep knee' : evidence.kind === 'closed' ? 'closed-model run (lower bound, used as asked)' : 'open-model run at the objective');
  }
  for (const point of input.points) keep(point.instances, point.rps, undefined, 'typed');
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
  const needed = input.targetRps * (1 + input.headroom);
  const cores = Math.max(1, Math.ceil(needed / ENGINE_RPS_PER_CORE));
  const gateway = input.gateway ?? runs.find((r) => r.gatewayName)?.gatewayName ?? undefined;
  const points = new Set(measured.map((m) => m.instances)).size;
  return {
    concurrency: requiredConcurrency(input.targetRps, input.latencyMs, input.headroom),
    measured,
    excluded,
    fit,
    instances,
    linearInstances,
    workers,
    connections,
    sizing: sizeFor(input.targetRps, gateway),
    needed,
    loadGenerators: {
      cores,
      formula: `target × (1 + headroom) ÷ engine RPS per core = ${round(needed, 1)} ÷ ${ENGINE_RPS_PER_CORE.toLocaleString('en-US')} → ${cores} core${cores === 1 ? '' : 's'}`,
    },
    monthlyCost:
      input.costPerHour !== undefined && instances?.instances
        ? { total: round(input.costPerHour * instances.instances * 730, 2), formula: `cost per instance-hour × instances × 730 h = ${input.costPerHour} × ${instances.instances} × 730 = ${round(input.costPerHour * instances.instances * 730, 2)}` }
        : undefined,
    exactFit: !!fit && points === fit.terms && points > 1,
    instanceRange: fit && points > fit.terms ? instanceRange(fit, measured, needed) : undefined,
  };
}

/** The instance count if the curve were 2 residual standard errors (per point) lower or higher. */
function instanceRange(fit: ScalingFit, measured: ScalingPoint[], needed: number): CapacityPlan['instanceRange'] {
  const residual = measured.reduce((n, p) => n + (p.rps - throughputAt(fit, p.instances)) ** 2, 0);
  const se = Math.sqrt(residual / (measured.length - fit.terms));
  const lowCurve = instancesFor(fit, needed + 2 * se, 0);
  const highCurve = instancesFor(fit, Math.max(needed - 2 * se, 0.001), 0);
  return {
    low: highCurve.instances ?? null,
    high: lowCurve.instances ?? null,
    formula: `residual standard error s = √(Σ(measured − fitted)² ÷ (points − parameters)) = ${round(se, 1)} RPS; instances for ${round(needed, 1)} ∓ 2s`,
  };
}
