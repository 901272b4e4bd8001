'use client';

import { useActionState } from 'react';
import { formKey } from '@/components/form/form-key';
import { Field, inputClass } from '@/components/form/field';
import { ROLES } from '@/lib/auth/roles';
import type { FormState } from '@/lib/form-state';

export function AddUserForm({ action }: { action: (state: FormState, data: FormData) => Promise<FormState> }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const error = (name: string) => state.errors?.[name];
  return (
    <form action={formAction} className="grid gap-4" aria-label="Add a user" noValidate key={formKey(state)}>
      <Field label="Email" name="email" error={error('email')}>
        <input id="email" name="email" type="email" autoComplete="off" defaultValue={state.values?.email} aria-invalid={!!error('email')} className={inputClass} />
      </Field>
      <Field label="Initial password" name="password" error={error('password')} hint="At least 12 characters; tell it to them out of band.">
        <input id="password" name="password" type="password" autoComplete="new-password" aria-invalid={!!error('password')} className={inputClass} />
      </Field>
      <Field label="Role" name="role" error={error('role')}>
        <select id="role" name="role" defaultValue={state.values?.role ?? 'viewer'} className={inputClass}>
          {ROLES.map((role) => <option key={role}>{role}</option>)}
        </select>
      </Field>
      {state.message && <p role="alert" className={`rounded-md p-2 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}>{state.message}</p>}
      <button disabled={pending} className="justify-self-start rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">Add user</button>
    </form>
  );
}
