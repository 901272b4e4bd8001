'use server';
/** Users (admins): add people, change their role or password, disable them. */
import { revalidatePath } from 'next/cache';
import { changeUser, createUser } from '../auth/users';
import { stateAction } from './action';

export const addUser = stateAction({ role: 'admin', doing: 'add users', secret: ['password'] }, async ({ formData, values }) => {
  const result = await createUser({ email: formData.get('email'), password: formData.get('password'), role: formData.get('role') });
  if (!result.ok) return { errors: result.errors, values, message: result.errors.form };
  revalidatePath('/users');
  return { ok: true, message: `Added ${result.user.email} as ${result.user.role}.` };
});

export const changeUserAction = stateAction({ role: 'admin', doing: 'change users' }, async ({ principal, values }) => {
  const result = await changeUser(principal.id, values);
  if (!result.ok) return { message: Object.values(result.errors)[0], values };
  revalidatePath('/users');
  return { ok: true, message: 'Saved.' };
});
