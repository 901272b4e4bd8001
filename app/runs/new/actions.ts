'use server';

import { redirect } from 'next/navigation';
import { actionAccess } from '@/app/auth';
import { formValues, type FormState } from '@/lib/form-state';
import { launchFromFields } from '@/lib/runs/launch';

export async function launchRun(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('operator', 'start runs');
  if (!allowed.ok) return { message: allowed.error };
  const values = formValues(formData);
  const result = await launchFromFields(values);
  if (!result.ok) return { errors: result.errors, values, message: 'Some fields need attention.' };
  redirect(`/runs/${result.runIds[0]}`);
}
