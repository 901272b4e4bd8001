'use server';
/** Signing in and out, and the first-run screen that creates the first admin. */
import { redirect } from 'next/navigation';
import { clientAddress } from '../auth/cookie';
import { safeNext } from '../auth/safe-next';
import { createSession, endSession } from '../auth/sessions';
import { createFirstAdmin, signIn } from '../auth/users';
import { publicStateAction } from './action';
import { clearSessionCookie, requestHeaders, sessionToken, setSessionCookie } from './request-context';

export const signInAction = publicStateAction({ secret: ['password'] }, async ({ formData, values }) => {
  const result = await signIn({ email: formData.get('email'), password: formData.get('password') }, clientAddress(await requestHeaders()));
  if (!result.ok) return { message: result.error, values };
  await setSessionCookie(result.token, result.expiresAt);
  redirect(safeNext(values.next));
});

/** Ends the caller's own session, whoever they are. */
export async function signOutAction(): Promise<void> {
  const token = await sessionToken();
  if (token) await endSession(token);
  await clearSessionCookie();
  redirect('/sign-in');
}

/** The first-run screen: works only while no admin exists (checked again inside, under a lock). */
export const createFirstAdminAction = publicStateAction({ secret: ['password', 'confirm'] }, async ({ formData, values }) => {
  const result = await createFirstAdmin({ email: formData.get('email'), password: formData.get('password'), confirm: formData.get('confirm') }, clientAddress(await requestHeaders()));
  if (!result.ok) return result.errors.form ? { message: result.errors.form } : { errors: result.errors, values };
  const session = await createSession(result.user.id);
  await setSessionCookie(session.token, session.expiresAt);
  redirect('/');
});
