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
import { ServerBusy, type Launched } from './manager';
import { getRun } from './queries';
import { getRunManager } from './registry';

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
}

/** Errors are keyed by config path (`load.users`, `target`, `durationMs`). */
async function launch({ probe: check, ...request }: LaunchRequest): Promise<LaunchResult> {
  const authorized = await authorizeRun(request.config);
  if (!authorized.ok) return authorized;
  if (check) {
    const answer = await probe(authorized.config, Math.min(authorized.config.timeoutMs, PROBE_TIMEOUT_MS));
    if (answer.unreachable) return { ok: false, errors: { target: `the target did not answer one request, so the run was not started: ${answer.error}` } };
  }
  const { limits } = serverPolicy();
  try {
    const launched = await getRunManager().launch({ ...request, config: authorized.config }, { maxRuns: limits.maxConcurrentRuns, maxUsers: limits.maxActiveUsers });
    return { ok: true, ...launched };
  } catch (error) {
    if (error instanceof ServerBusy) return { ok: false, errors: { server: error.message } };
    throw error;
  }
}

const PROBE_TIMEOUT_MS = 10_000;

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
  const result = await launch({
    config: config.data,
    labels: labels.data,
    target: { id: target.id, name: target.name, url: config.data.target.url },
    createdById: startedBy?.id ?? null,
    probe: !form.data.skipProbe,
  });
  return result.ok ? result : { ok: false, errors: errorsByField(result.errors) };
}

export type RelaunchResult = ({ ok: true } & Launched) | { ok: false; error: string };

/** Run again: the same stored config and labels, with the target's current key, checked again. */
export async function relaunch(runId: string, startedBy: { id: string } | null): Promise<RelaunchResult> {
  const run = await getRun(runId);
  if (!run) return { ok: false, error: `no run ${runId}` };
  if (!run.config) return { ok: false, error: 'The stored configuration is no longer valid; start a new run instead.' };
  const target = run.targetId ? await getTargetWithSecret(run.targetId) : null;
  // The target's secrets go only where they are bound: the run's own address must still be it.
  if (target?.secret && target.secret.boundTo !== keyBinding(run.config.target.url, run.config.target.apiKeyHeader)) {
    return { ok: false, error: `The target now points elsewhere (${target.baseUrl}) than this run did, so its key is not sent to the old address: start a new run against it instead.` };
  }
  // The address checked last time is not trusted again: authorizeRun checks and pins anew.
  const config: RunConfig = { ...run.config, target: { ...run.config.target, apiKey: target?.secret?.apiKey, secretHeaders: target?.secret?.headers, address: undefined } };
  const result = await launch({ config, labels: labelsOfRun(run), target: { id: run.targetId, name: run.targetName, url: run.targetUrl }, createdById: startedBy?.id ?? null, probe: true });
  return result.ok ? result : { ok: false, error: Object.values(result.errors).join(' ') };
}

const prefixed = (prefix: string, errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([path, message]) => [`${prefix}.${path}`, message]));
