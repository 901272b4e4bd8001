'use server';

import { revalidatePath } from 'next/cache';
import { actionAccess } from '@/app/auth';
import { changeUser, createUser } from '@/lib/auth/users';
import { formValues, type FormState } from '@/lib/form-state';

export async function addUser(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('admin', 'add users');
  if (!allowed.ok) return { message: allowed.error };
  const values = formValues(formData, ['password']);
  const result = await createUser({ email: formData.get('email'), password: formData.get('password'), role: formData.get('role') });
  if (!result.ok) return { errors: result.errors, values, message: result.errors.form };
  revalidatePath('/users');
  return { ok: true, message: `Added ${result.user.email} as ${result.user.role}.` };
}

export async function changeUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('admin', 'change users');
  if (!allowed.ok) return { message: allowed.error };
  const result = await changeUser(allowed.principal.id, formValues(formData));
  if (!result.ok) return { message: Object.values(result.errors)[0] };
  revalidatePath('/users');
  return { ok: true, message: 'Saved.' };
}
