'use server';

import { redirect } from 'next/navigation';
import { errorsOf, formValues, type FormState } from '@/lib/form-state';
import { buildLaunch, launchFormSchema } from '@/lib/runs/launch-form';
import { getRunManager } from '@/lib/runs/registry';
import { getTargetWithSecret } from '@/lib/targets/queries';

export async function launchRun(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const form = launchFormSchema.safeParse(values);
  if (!form.success) return { errors: errorsOf(form.error), values, message: 'Some fields need attention.' };
  const target = await getTargetWithSecret(form.data.targetId);
  if (!target) return { errors: { targetId: 'that target no longer exists; choose another' }, values };
  const built = buildLaunch(form.data, target);
  if (!built.ok) return { errors: built.errors, values, message: 'Some fields need attention.' };
  const { runIds } = await getRunManager().launch({
    config: built.config,
    target: { id: target.id, name: target.name, url: built.config.target.url },
    labels: built.labels,
  });
  redirect(`/runs/${runIds[0]}`);
}
