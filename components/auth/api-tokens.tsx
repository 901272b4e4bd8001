'use client';

import { useActionState } from 'react';
import { addApiToken, removeApiToken } from '@/lib/actions/account';
import { Field, inputClass } from '@/components/form/field';
import type { FormState } from '@/lib/form-state';

export interface ApiTokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function ApiTokens({ tokens }: { tokens: ApiTokenRow[] }) {
  const [created, create, creating] = useActionState<FormState, FormData>(addApiToken, {});
  const [removed, remove] = useActionState<FormState, FormData>(removeApiToken, {});
  return (
    <div className="grid gap-4">
      {tokens.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="API tokens">
          {tokens.map((token) => (
            <li key={token.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <span>
                <span className="font-medium">{token.name}</span>
                <span className="ml-2 text-xs text-slate-500">created {token.createdAt} · {token.lastUsedAt ? `last used ${token.lastUsedAt}` : 'never used'}</span>
              </span>
              <form action={remove}>
                <input type="hidden" name="id" value={token.id} />
                <button className="rounded-md border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50">Revoke</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {removed.message && <p role="status" className="text-sm text-slate-700">{removed.message}</p>}
      <form action={create} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64">
          <Field label="New token name" name="name" error={created.errors?.name}>
            <input id="name" name="name" placeholder="CI" className={inputClass} aria-invalid={!!created.errors?.name} />
          </Field>
        </div>
        <button disabled={creating} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">Create token</button>
      </form>
      {created.message && (
        <div role="status" className={`rounded-md p-3 text-sm ${created.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-800'}`}>
          <p>{created.message}</p>
          {created.secret && <code data-testid="new-api-token" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">{created.secret}</code>}
        </div>
      )}
    </div>
  );
}
