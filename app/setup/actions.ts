'use server';

import { redirect } from 'next/navigation';
import { setSessionCookie } from '@/app/auth';
import { createSession } from '@/lib/auth/sessions';
import { createFirstAdmin } from '@/lib/auth/users';
import { formValues, type FormState } from '@/lib/form-state';

/** The first-run screen: works only while no admin exists (checked again inside, under a lock). */
export async function createFirstAdminAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ['password', 'confirm']);
  const result = await createFirstAdmin({ email: formData.get('email'), password: formData.get('password'), confirm: formData.get('confirm') });
  if (!result.ok) return result.errors.form ? { message: result.errors.form } : { errors: result.errors, values };
  const session = await createSession(result.user.id);
  await setSessionCookie(session.token, session.expiresAt);
  redirect('/');
}
