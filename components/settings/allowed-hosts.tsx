'use client';

import { useActionState } from 'react';
import { allowHost, disallowHost } from '@/lib/actions/settings';
import { Field, inputClass } from '@/components/form/field';
import type { FormState } from '@/lib/form-state';

export interface AllowedHostRow {
  id: string;
  entry: string;
  addedBy: string;
  createdAt: string;
}

export function AllowedHosts({ fromEnv, added }: { fromEnv: string[]; added: AllowedHostRow[] }) {
  const [addState, add, adding] = useActionState<FormState, FormData>(allowHost, {});
  const [removeState, remove] = useActionState<FormState, FormData>(disallowHost, {});
  return (
    <div className="grid gap-4 text-sm">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Allowed targets">
        <li className="flex justify-between px-3 py-2"><span className="font-mono">127.0.0.0/8, ::1, localhost</span><span className="text-xs text-slate-500">loopback, always</span></li>
        {fromEnv.map((entry) => (
          <li key={entry} className="flex justify-between px-3 py-2"><span className="font-mono">{entry}</span><span className="text-xs text-slate-500">from ALLOWED_TARGET_HOSTS</span></li>
        ))}
        {added.map((row) => (
          <li key={row.id} className="flex items-center justify-between gap-3 px-3 py-2">
            <span className="font-mono">{row.entry}</span>
            <span className="flex items-center gap-3 text-xs text-slate-500">
              added by {row.addedBy}, {row.createdAt}
              <form action={remove}>
                <input type="hidden" name="id" value={row.id} />
                <button className="rounded-md border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50">Remove</button>
              </form>
            </span>
          </li>
        ))}
      </ul>
      {removeState.message && <p role="status">{removeState.message}</p>}
      <form action={add} className="flex flex-wrap items-end gap-3" aria-label="Allow a target" noValidate>
        <div className="min-w-72">
          <Field label="Host name, IP address or CIDR network" name="entry" error={addState.errors?.entry} hint="e.g. litellm.internal, 10.0.4.17 or 10.0.0.0/16">
            <input id="entry" name="entry" defaultValue={addState.values?.entry} key={addState.message} className={inputClass} aria-invalid={!!addState.errors?.entry} />
          </Field>
        </div>
        <button disabled={adding} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">Allow</button>
      </form>
      {addState.ok && <p role="status" className="text-emerald-700">{addState.message}</p>}
    </div>
  );
}
