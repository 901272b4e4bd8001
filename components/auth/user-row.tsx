'use client';

import { useActionState } from 'react';
import { formKey } from '@/components/form/form-key';
import { changeUserAction } from '@/lib/actions/users';
import { inputClass } from '@/components/form/field';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { FormState } from '@/lib/form-state';

const button = 'whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50';

export function UserRow({ user, self }: { user: { id: string; email: string; role: Role; disabled: boolean }; self: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(changeUserAction, {});
  return (
    <li className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm" aria-label={user.email}>
      <span className="min-w-56 font-medium">
        {user.email}
        {self && <span className="ml-2 text-xs text-slate-500">(you)</span>}
        {user.disabled && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs">disabled</span>}
      </span>
      <form key={formKey(state)} action={action} className="flex items-center gap-2">
        <input type="hidden" name="id" value={user.id} />
        <input type="hidden" name="change" value="role" />
        <label className="sr-only" htmlFor={`role-${user.id}`}>Role of {user.email}</label>
        <select id={`role-${user.id}`} name="role" defaultValue={state.ok ? user.role : (state.values?.role ?? user.role)} className={`${inputClass} mt-0 w-32`} disabled={self}>
          {ROLES.map((role) => <option key={role}>{role}</option>)}
        </select>
        <button className={button} disabled={self || pending}>Set role</button>
      </form>
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="id" value={user.id} />
        <input type="hidden" name="change" value="password" />
        <label className="sr-only" htmlFor={`password-${user.id}`}>New password for {user.email}</label>
        <input id={`password-${user.id}`} name="password" type="password" autoComplete="new-password" placeholder="new password" className={`${inputClass} mt-0 w-40`} />
        <button className={button} disabled={pending}>Set password</button>
      </form>
      {!self && (
        <form action={action}>
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="change" value={user.disabled ? 'enable' : 'disable'} />
          <button className={button} disabled={pending}>{user.disabled ? 'Enable' : 'Disable'}</button>
        </form>
      )}
      {state.message && <span role="status" className={state.ok ? 'text-emerald-700' : 'text-red-700'}>{state.message}</span>}
    </li>
  );
}
