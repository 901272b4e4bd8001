'use client';

import { useActionState } from 'react';
import { revokeUserToken } from '@/lib/actions/users';
import type { FormState } from '@/lib/form-state';

interface TokenRow {
  id: string;
  name: string;
  email: string;
  createdAt: string;
  lastUsedAt: string;
}

/** Every user's API tokens, for admins: who holds which, when it was last used, and revoke. */
export function UserTokens({ tokens }: { tokens: TokenRow[] }) {
  const [state, revoke] = useActionState<FormState, FormData>(revokeUserToken, {});
  return (
    <section className="mb-8 rounded-xl border border-slate-200 bg-white p-6 text-sm">
      <h2 className="mb-1 text-lg font-semibold">API tokens</h2>
      <p className="mb-3 text-slate-600">Tokens act with their user&apos;s role. Revoke one that leaked or is no longer needed.</p>
      {tokens.length === 0 ? (
        <p className="text-slate-500">No user has an API token.</p>
      ) : (
        <table className="w-full" aria-label="API tokens of users">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-2">User</th><th className="py-2">Name</th><th className="py-2">Created</th><th className="py-2">Last used</th><th className="py-2"><span className="sr-only">Revoke</span></th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.map((token) => (
              <tr key={token.id}>
                <td className="py-2">{token.email}</td>
                <td className="py-2">{token.name}</td>
                <td className="py-2 text-slate-600">{token.createdAt}</td>
                <td className="py-2 text-slate-600">{token.lastUsedAt}</td>
                <td className="py-2 text-right">
                  <form action={revoke}>
                    <input type="hidden" name="id" value={token.id} />
                    <button className="rounded-md border border-red-200 px-2 py-1 text-red-700 hover:bg-red-50">Revoke</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.message && <p role="status" className={`mt-2 ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>{state.message}</p>}
    </section>
  );
}
