'use server';

import { revalidatePath } from 'next/cache';
import { actionAccess, sessionToken } from '@/app/auth';
import { apiTokenNameSchema, createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { endUserSessions } from '@/lib/auth/sessions';
import { changeOwnPassword } from '@/lib/auth/users';
import { formValues, type FormState } from '@/lib/form-state';

export async function changePassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('viewer', 'change your password');
  if (!allowed.ok) return { message: allowed.error };
  const result = await changeOwnPassword(allowed.principal.id, { current: formData.get('current'), password: formData.get('password'), confirm: formData.get('confirm') }, await sessionToken());
  if (!result.ok) return { errors: result.errors };
  return { ok: true, message: 'Password changed; your other sessions were signed out.' };
}

export async function signOutOthers(): Promise<FormState> {
  const allowed = await actionAccess('viewer', 'end your sessions');
  if (!allowed.ok) return { message: allowed.error };
  await endUserSessions(allowed.principal.id, await sessionToken());
  revalidatePath('/account');
  return { ok: true, message: 'Signed out everywhere else.' };
}

export async function addApiToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('viewer', 'create API tokens');
  if (!allowed.ok) return { message: allowed.error };
  const name = apiTokenNameSchema.safeParse(formValues(formData).name);
  if (!name.success) return { errors: { name: name.error.issues[0].message } };
  const { token } = await createApiToken(allowed.principal.id, name.data);
  revalidatePath('/account');
  return { ok: true, message: `Token "${name.data}" created. Copy it now: it is not shown again.`, secret: token };
}

export async function removeApiToken(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('viewer', 'revoke API tokens');
  if (!allowed.ok) return { message: allowed.error };
  const id = formData.get('id');
  const removed = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && (await revokeApiToken(allowed.principal.id, id));
  revalidatePath('/account');
  return removed ? { ok: true, message: 'Token revoked.' } : { message: 'This token no longer exists; reload the page.' };
}
