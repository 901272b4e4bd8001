'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clearSessionCookie, safeNext, sessionToken, setSessionCookie } from '@/app/auth';
import { clientAddress } from '@/lib/auth/cookie';
import { endSession } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/users';
import { formValues, type FormState } from '@/lib/form-state';

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ['password']);
  const result = await signIn({ email: formData.get('email'), password: formData.get('password') }, clientAddress(await headers()));
  if (!result.ok) return { message: result.error, values };
  await setSessionCookie(result.token, result.expiresAt);
  redirect(safeNext(values.next));
}

export async function signOutAction(): Promise<void> {
  const token = await sessionToken();
  if (token) await endSession(token);
  await clearSessionCookie();
  redirect('/sign-in');
}
