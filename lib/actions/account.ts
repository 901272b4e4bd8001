'use server';
/** Your own account: password, sessions, API tokens. */
import { revalidatePath } from 'next/cache';
import { apiTokenNameSchema, createApiToken, revokeApiToken } from '../auth/api-tokens';
import { endUserSessions } from '../auth/sessions';
import { changeOwnPassword } from '../auth/users';
import { z } from 'zod';
import { stateAction } from './action';
import { sessionToken } from './request-context';

export const changePassword = stateAction({ role: 'viewer', doing: 'change your password', secret: ['current', 'password', 'confirm'] }, async ({ principal, formData }) => {
  const result = await changeOwnPassword(principal.id, { current: formData.get('current'), password: formData.get('password'), confirm: formData.get('confirm') }, await sessionToken());
  if (!result.ok) return { errors: result.errors };
  return { ok: true, message: 'Password changed; your other sessions were signed out.' };
});

export const signOutOthers = stateAction({ role: 'viewer', doing: 'end your sessions' }, async ({ principal }) => {
  await endUserSessions(principal.id, await sessionToken());
  revalidatePath('/account');
  return { ok: true, message: 'Signed out everywhere else.' };
});

export const addApiToken = stateAction({ role: 'viewer', doing: 'create API tokens', schema: z.object({ name: apiTokenNameSchema }) }, async ({ principal, input }) => {
  const { token } = await createApiToken(principal.id, input.name);
  revalidatePath('/account');
  return { ok: true, message: `Token "${input.name}" created. Copy it now: it is not shown again.`, secret: token };
});

export const removeApiToken = stateAction({ role: 'viewer', doing: 'revoke API tokens' }, async ({ principal, values }) => {
  const removed = /^[0-9a-f-]{36}$/i.test(values.id ?? '') && (await revokeApiToken(principal.id, values.id));
  revalidatePath('/account');
  return removed ? { ok: true, message: 'Token revoked.' } : { message: 'This token no longer exists; reload the page.' };
});
