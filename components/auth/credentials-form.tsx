'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/components/form/field';
import type { FormState } from '@/lib/form-state';

export interface CredentialField {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  hint?: string;
}

/** Sign-in, first-run and password forms: fields, their errors, one message, one button. */
export function CredentialsForm({ action, fields, submit, hidden = {} }: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  fields: CredentialField[];
  submit: string;
  hidden?: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {fields.map((field) => (
        <Field key={field.name} label={field.label} name={field.name} error={state.errors?.[field.name]} hint={field.hint}>
          <input
            id={field.name}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            defaultValue={field.type === 'password' ? undefined : state.values?.[field.name]}
            aria-invalid={!!state.errors?.[field.name]}
            className={inputClass}
            required
          />
        </Field>
      ))}
      {state.message && <p role="alert" className={`rounded-md p-2 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}>{state.message}</p>}
      <button disabled={pending} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? 'Please wait…' : submit}
      </button>
    </form>
  );
}
