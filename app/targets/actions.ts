'use server';

import { revalidatePath } from 'next/cache';
import { actionAccess, requireActionRole } from '@/app/auth';
import { checkEgress } from '@/lib/egress/allowlist';
import { egressPolicy } from '@/lib/egress/admin-hosts';
import { errorsOf, formValues, type FormState } from '@/lib/form-state';
import { testConnection, type ConnectionTestResult } from '@/lib/targets/connection-test';
import { createTarget, deleteTarget, TargetNameTaken, updateTarget } from '@/lib/targets/mutations';
import { getTargetWithSecret } from '@/lib/targets/queries';
import { targetFormSchema } from '@/lib/targets/schema';
import { z } from 'zod';

const idSchema = z.string().uuid();

export async function saveTarget(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('operator', 'change targets');
  if (!allowed.ok) return { message: allowed.error };
  // The key is never echoed back, not even to refill the form.
  const values = formValues(formData, ['apiKey']);
  const parsed = targetFormSchema.safeParse({ ...values, apiKey: formData.get('apiKey') ?? '', removeApiKey: formData.get('removeApiKey') === 'on' });
  if (!parsed.success) {
    const errors = errorsOf(parsed.error);
    // Headers that carried a credential are not sent back either.
    return { errors, values: errors.headers?.includes('looks like a credential') ? { ...values, headers: '' } : values };
  }
  const decision = await checkEgress(parsed.data.baseUrl, await egressPolicy());
  if (!decision.ok) return { errors: { baseUrl: decision.reason }, values };
  const id = values.id ? idSchema.safeParse(values.id) : undefined;
  if (id && !id.success) return { message: 'This target no longer exists; reload the page.', values };
  try {
    if (id?.success) await updateTarget(id.data, parsed.data);
    else await createTarget(parsed.data);
  } catch (error) {
    if (error instanceof TargetNameTaken) return { errors: { name: `a target named "${parsed.data.name}" already exists` }, values };
    throw error;
  }
  revalidatePath('/targets');
  return { ok: true, message: `Saved "${parsed.data.name}".` };
}

export async function removeTarget(formData: FormData): Promise<void> {
  await requireActionRole('operator', 'delete targets', '/targets');
  const id = idSchema.safeParse(formData.get('id'));
  if (id.success) await deleteTarget(id.data);
  revalidatePath('/targets');
}

export async function checkTarget(id: string): Promise<ConnectionTestResult> {
  const allowed = await actionAccess('operator', 'test targets');
  if (!allowed.ok) return { ok: false, url: '', error: allowed.error };
  const parsed = idSchema.safeParse(id);
  const target = parsed.success ? await getTargetWithSecret(parsed.data) : null;
  if (!target) return { ok: false, url: '', error: 'This target no longer exists; reload the page.' };
  return testConnection(target);
}
