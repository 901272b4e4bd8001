/**
 * The one way a run starts. `launch` takes a parsed config and labels, lets the server decide
 * (limits, allowed target: ./authorize.ts) and hands it to the run manager. Two doors lead
 * to it: `launchFromFields` for the New run form and the JSON API (form-shaped fields, errors
 * by field), and `relaunch` for Run again (a stored run, errors as one sentence).
 */
import { errorsOf } from '../form-state';
import { fieldErrors, runConfigSchema, type RunConfig } from '../runner/config';
import { probe } from '../runner/probe';
import { keyBinding } from '../targets/binding';
import { getTargetWithSecret } from '../targets/queries';
import { authorizeRun } from './authorize';
import { labelsOfRun, runLabelsSchema, type RunLabels } from './labels';
import { configInputFromFields, errorsByField, labelInputFromFields, launchFieldsSchema } from './launch-fields';
import { serverPolicy } from '../egress/server-policy';
import { ServerBusy, type ExperimentArm, type Launched } from './manager';
import { randomInt } from 'node:crypto';
import { RUN_DEFAULTS } from '../runner/defaults';
import { armName } from './names';
import type { LaunchFields } from './launch-fields';
import { getRun } from './queries';
import { getRunManager } from './registry';
import { getBenchmark } from '../benchmarks/queries';
import { Prisma } from '../db/generated/client';
import { toolName } from '../imports/types';

export type LaunchResult = ({ ok: true } & Launched) | { ok: false; errors: Record<string, string> };

interface LaunchRequest {
  config: RunConfig;
  labels: RunLabels;
  /** The target as the run records it (id, and its name and URL at launch). */
  target: { id: string | null; name: string; url: string };
  /** Who starts it. */
  createdById: string | null;
  /** Send one request first and refuse the run when nothing answers (default). */
  probe: boolean;
  benchmarkId?: string;
  scheduleJobId?: string;
}

/** Errors are keyed by config path (`load.users`, `target`, `durationMs`). */
async function launch({ probe: check, ...request }: LaunchRequest): Promise<LaunchResult> {
  const authorized = await authorizeRun(request.config);
  if (!authorized.ok) return authorized;
  if (check) {
    const answer = await probe(authorized.config, Math.min(authorized.config.timeoutMs, PROBE_TIMEOUT_MS));
    if (answer.unreachable) return { ok: false, errors: { target: `the target did not answer one request, so the run was not started: ${answer.error}` } };
  }
  return withinServerCaps((caps) => getRunManager().launch({ ...request, config: authorized.config }, caps));
}

const PROBE_TIMEOUT_MS = 10_000;

/** Starts through the manager within the server-wide caps; a full server is a refusal, in words. */
async function withinServerCaps(start: (caps: { maxRuns: number; maxUsers: number }) => Promise<Launched>): Promise<LaunchResult> {
  const { limits } = serverPolicy();
  try {
    return { ok: true, ...(await start({ maxRuns: limits.maxConcurrentRuns, maxUsers: limits.maxActiveUsers })) };
  } catch (error) {
    if (error instanceof ServerBusy) return { ok: false, errors: { server: error.message } };
    throw error;
  }
}

/** From the New run form or the API: errors by form field. */
export async function launchFromFields(fields: Record<string, unknown>, startedBy: { id: string } | null): Promise<LaunchResult> {
  const form = launchFieldsSchema.safeParse(fields);
  if (!form.success) return { ok: false, errors: errorsOf(form.error) };
  const target = await getTargetWithSecret(form.data.targetId);
  if (!target) return { ok: false, errors: { targetId: 'that target no longer exists; choose another' } };
  // Every mistake at once: the form's own, the config's and the labels'.
  const { input, errors } = configInputFromFields(form.data, target);
  const config = runConfigSchema.safeParse(input);
  const labels = runLabelsSchema.safeParse(labelInputFromFields(form.data));
  if (!config.success || !labels.success || Object.keys(errors).length) {
    const byPath = { ...(config.success ? {} : fieldErrors(config.error)), ...(labels.success ? {} : prefixed('labels', fieldErrors(labels.error))) };
    return { ok: false, errors: { ...errors, ...errorsByField(byPath) } };
  }
  if (form.data.experiment !== 'none') return launchExperiment(form.data, { target, config: config.data, labels: labels.data }, startedBy);
  const result = await launch({
    config: config.data,
    labels: labels.data,
    target: { id: target.id, name: target.name, url: config.data.target.url },
    createdById: startedBy?.id ?? null,
    probe: !form.data.skipProbe,
  });
  return result.ok ? result : { ok: false, errors: errorsByField(result.errors) };
}

type TargetWithSecret = NonNullable<Awaited<ReturnType<typeof getTargetWithSecret>>>;

export const MAX_ROUNDS = 20;

/**
 * An overhead run (the form's target and its upstream, interleaved) or an A/B experiment (the
 * form's target against the others ticked, in rounds), from the same fields as a run. Errors by
 * form field.
 */
async function launchExperiment(
  fields: LaunchFields,
  base: { target: TargetWithSecret; config: RunConfig; labels: RunLabels },
  startedBy: { id: string } | null,
): Promise<LaunchResult> {
  if (base.config.sweep) return { ok: false, errors: { sweep: 'an experiment compares one load: clear the sweep (run a sweep per target and compare them instead)' } };
  const arms: ExperimentArm[] = [];
  const armOf = (target: TargetWithSecret, config: RunConfig, labels: RunLabels, aa = false): ExperimentArm => ({
    name: aa ? `${armName(target.name, labels)} (again)` : armName(target.name, labels),
    target: { id: target.id, name: target.name, url: config.target.url },
    config,
    labels,
    aa,
  });
  // The other arms carry the same labels but the version: theirs is their target's name.
  const otherLabels: RunLabels = { ...base.labels, gatewayName: undefined, gatewayVersion: undefined };
  const targetConfig = (target: TargetWithSecret): RunConfig => {
    const { input } = configInputFromFields(fields, target);
    return { ...base.config, target: runConfigSchema.parse(input).target, overheadHeader: target.overheadHeader ?? base.config.overheadHeader };
  };
  let rounds = 1;
  if (fields.experiment === 'overhead') {
    if (!base.target.upstreamId) return { ok: false, errors: { experiment: `"${base.target.name}" names no upstream: edit the target and choose the model server it forwards to` } };
    const upstream = await getTargetWithSecret(base.target.upstreamId);
    if (!upstream) return { ok: false, errors: { experiment: 'the upstream target no longer exists: edit the target and choose another' } };
    const direct = targetConfig(upstream);
    arms.push(armOf(base.target, { ...base.config, upstream: direct.target }, base.labels), armOf(upstream, direct, otherLabels));
  } else {
    if (fields.compareWith.length === 0) return { ok: false, errors: { compareWith: 'tick at least one other target to compare with' } };
    if (fields.compareWith.includes(base.target.id)) return { ok: false, errors: { compareWith: 'the target is already arm A: tick other targets (use "A/A" to run it twice)' } };
    rounds = fields.rounds ?? RUN_DEFAULTS.rounds;
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) return { ok: false, errors: { rounds: `rounds must be a whole number from 1 to ${MAX_ROUNDS}` } };
    arms.push(armOf(base.target, base.config, base.labels));
    for (const id of fields.compareWith) {
      const other = await getTargetWithSecret(id);
      if (!other) return { ok: false, errors: { compareWith: 'one of the targets ticked no longer exists; reload the page' } };
      arms.push(armOf(other, targetConfig(other), otherLabels));
    }
    if (fields.aaArm) arms.push(armOf(base.target, base.config, base.labels, true));
  }
  // The whole experiment must fit the server's duration limit, like a sweep's stages.
  const { limits } = serverPolicy();
  const stageMs = (base.config.durationMs ?? 0) + base.config.warmupMs;
  const stages = fields.experiment === 'overhead' ? 1 : arms.length * rounds;
  if (stageMs * stages > limits.maxDurationMs) {
    return { ok: false, errors: { rounds: `${stages} runs of ${Math.round(stageMs / 1000)} s is ${Math.round((stageMs * stages) / 60_000)} minutes; at most ${Math.round(limits.maxDurationMs / 60_000)} minutes on this server (MAX_DURATION): fewer rounds or a shorter duration` } };
  }
  const authorized: ExperimentArm[] = [];
  for (const arm of arms) {
    const decision = await authorizeRun(arm.config);
    if (!decision.ok) return { ok: false, errors: errorsByField(prefixedArm(arm, decision.errors)) };
    authorized.push({ ...arm, config: decision.config });
  }
  if (!fields.skipProbe) {
    for (const arm of authorized.filter((a) => !a.aa)) {
      for (const config of [arm.config, ...(arm.config.upstream ? [{ ...arm.config, target: arm.config.upstream, upstream: undefined }] : [])]) {
        const answer = await probe(config, Math.min(config.timeoutMs, PROBE_TIMEOUT_MS));
        if (answer.unreachable) return { ok: false, errors: { [arm === authorized[0] && config === arm.config ? 'targetId' : 'experiment']: `${config === arm.config ? arm.name : 'its upstream'} did not answer one request, so nothing was started: ${answer.error}` } };
      }
    }
  }
  return withinServerCaps((caps) =>
    getRunManager().launchExperiment(
      { kind: fields.experiment === 'overhead' ? 'overhead' : 'ab', title: fields.experimentTitle || null, arms: authorized, rounds, seed: randomInt(2 ** 31), createdById: startedBy?.id ?? null },
      caps,
    ),
  );
}

/** An arm's errors, saying which arm when it is not A. */
function prefixedArm(arm: ExperimentArm, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([path, message]) => [path, path === 'target' || path === 'upstream' ? `${arm.name}: ${message}` : message]));
}

export type RelaunchResult = ({ ok: true; duplicate?: boolean } & Launched) | { ok: false; error: string };

/** Run again: the same stored config and labels, with the target's current key, checked again. */
export async function relaunch(runId: string, startedBy: { id: string } | null): Promise<RelaunchResult> {
  const run = await getRun(runId);
  if (!run) return { ok: false, error: `no run ${runId}` };
  if (run.importedFrom) return { ok: false, error: `This run was imported from ${toolName(run.importedFrom)}: its load was that tool's, so it cannot be run again here; start a new run instead.` };
  if (!run.config) return { ok: false, error: 'The stored configuration is no longer valid; start a new run instead.' };
  return launchStored({ config: run.config, labels: labelsOfRun(run), target: { id: run.targetId, name: run.targetName, url: run.targetUrl }, createdById: startedBy?.id ?? null, probe: true });
}

/**
 * A benchmark's next run: its stored config and labels (the version and tags given here win),
 * with its target's current key, checked again. A scheduled run names its queue job, and a job
 * run twice (retried after a crash) starts one run.
 */
export async function launchBenchmark(
  benchmarkId: string,
  options: { startedBy: { id: string } | null; labels?: Partial<RunLabels>; scheduleJobId?: string; probe?: boolean },
): Promise<RelaunchResult> {
  const benchmark = await getBenchmark(benchmarkId);
  if (!benchmark) return { ok: false, error: `no benchmark ${benchmarkId}` };
  if (!benchmark.config) return { ok: false, error: `The stored configuration of "${benchmark.name}" is no longer valid; save a new benchmark from a recent run.` };
  if (!benchmark.targetId || !benchmark.targetName) return { ok: false, error: `The target of "${benchmark.name}" was deleted; save a new benchmark from a run against another target.` };
  const labels = runLabelsSchema.safeParse({ ...benchmark.labels, ...definedOnly(options.labels ?? {}) });
  if (!labels.success) return { ok: false, error: Object.values(prefixed('labels', fieldErrors(labels.error))).join(' ') };
  const launched = await launchStored({
    config: benchmark.config,
    labels: labels.data,
    target: { id: benchmark.targetId, name: benchmark.targetName, url: benchmark.config.target.url },
    createdById: options.startedBy?.id ?? null,
    probe: options.probe ?? true,
    benchmarkId,
    scheduleJobId: options.scheduleJobId,
  }).catch((error: unknown) => {
    // The unique scheduleJobId: this job already started its run.
    if (options.scheduleJobId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { ok: true as const, runIds: [], duplicate: true };
    throw error;
  });
  return launched;
}

const definedOnly = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A stored config again: the target's secrets only where they are bound, the address checked anew. */
async function launchStored(request: LaunchRequest): Promise<RelaunchResult> {
  const stored = request.config;
  const target = request.target.id ? await getTargetWithSecret(request.target.id) : null;
  // The target's secrets go only where they are bound: the run's own address must still be it.
  if (target?.secret && target.secret.boundTo !== keyBinding(stored.target.url, stored.target.apiKeyHeader)) {
    return { ok: false, error: `The target now points elsewhere (${target.baseUrl}) than this run did, so its key is not sent to the old address: start a new run against it instead.` };
  }
  // The address checked last time is not trusted again: authorizeRun checks and pins anew.
  const config: RunConfig = { ...stored, target: { ...stored.target, apiKey: target?.secret?.apiKey, secretHeaders: target?.secret?.headers, address: undefined } };
  const result = await launch({ ...request, config });
  return result.ok ? result : { ok: false, error: Object.values(result.errors).join(' ') };
}

const prefixed = (prefix: string, errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([path, message]) => [`${prefix}.${path}`, message]));
