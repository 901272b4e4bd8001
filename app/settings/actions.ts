'use server';

import { revalidatePath } from 'next/cache';
import { actionAccess } from '@/app/auth';
import { addAllowedHost, removeAllowedHost } from '@/lib/egress/admin-hosts';
import { formValues, type FormState } from '@/lib/form-state';

export async function allowHost(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('admin', 'change where runs may send traffic');
  if (!allowed.ok) return { message: allowed.error };
  const values = formValues(formData);
  const result = await addAllowedHost(allowed.principal, values.entry);
  if (!result.ok) return { errors: { entry: result.error }, values };
  revalidatePath('/settings');
  return { ok: true, message: `Runs may now reach ${result.entry}.` };
}

export async function disallowHost(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('admin', 'change where runs may send traffic');
  if (!allowed.ok) return { message: allowed.error };
  const result = await removeAllowedHost(formData.get('id'));
  if (!result.ok) return { message: result.error };
  revalidatePath('/settings');
  return { ok: true, message: 'Removed. Targets there are refused from the next check on.' };
}
