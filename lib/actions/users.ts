'use server';
/** Users (admins): add people, change their role or password, disable them. */
import { revalidatePath } from 'next/cache';
import { revokeAnyApiToken } from '../auth/api-tokens';
import { changeUser, createUser } from '../auth/users';
import { stateAction } from './action';

export const addUser = stateAction({ role: 'admin', doing: 'add users', secret: ['password'] }, async ({ formData, values }) => {
  const result = await createUser({ email: formData.get('email'), password: formData.get('password'), role: formData.get('role') });
  if (!result.ok) return { errors: result.errors, values, message: result.errors.form };
  revalidatePath('/users');
  return { ok: true, message: `Added ${result.user.email} as ${result.user.role}.` };
});

export const changeUserAction = stateAction({ role: 'admin', doing: 'change users', secret: ['password'] }, async ({ principal, values, formData }) => {
  const result = await changeUser(principal.id, { ...values, password: formData.get('password') ?? undefined });
  if (!result.ok) return { message: Object.values(result.errors)[0], values };
  revalidatePath('/users');
  return { ok: true, message: 'Saved.' };
});

/** An admin revokes any user's API token. */
export const revokeUserToken = stateAction({ role: 'admin', doing: 'revoke API tokens of users' }, async ({ values }) => {
  const removed = /^[0-9a-f-]{36}$/i.test(values.id ?? '') && (await revokeAnyApiToken(values.id));
  revalidatePath('/users');
  return removed ? { ok: true, message: 'Token revoked.' } : { message: 'This token no longer exists; reload the page.' };
});
