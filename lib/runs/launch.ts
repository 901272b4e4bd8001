/**
 * Launching a run from form-shaped fields, shared by the New run server action and the
 * JSON API: validate, resolve the target (with its key, server-side only), start.
 */
import { errorsOf } from '../form-state';
import { getTargetWithSecret } from '../targets/queries';
import { authorizeRun } from './authorize';
import { buildLaunch, launchFormSchema } from './launch-form';
import type { Launched } from './manager';
import { getRunManager } from './registry';

export type LaunchResult = ({ ok: true } & Launched) | { ok: false; errors: Record<string, string> };

export async function launchFromFields(fields: Record<string, unknown>): Promise<LaunchResult> {
  const form = launchFormSchema.safeParse(fields);
  if (!form.success) return { ok: false, errors: errorsOf(form.error) };
  const target = await getTargetWithSecret(form.data.targetId);
  if (!target) return { ok: false, errors: { targetId: 'that target no longer exists; choose another' } };
  const built = buildLaunch(form.data, target);
  if (!built.ok) return { ok: false, errors: built.errors };
  const authorized = await authorizeRun(built.config);
  if (!authorized.ok) return authorized;
  const launched = await getRunManager().launch({
    config: authorized.config,
    target: { id: target.id, name: target.name, url: built.config.target.url },
    labels: built.labels,
  });
  return { ok: true, ...launched };
}
