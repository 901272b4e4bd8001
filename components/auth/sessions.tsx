'use client';

import { useActionState } from 'react';
import { signOutOthers } from '@/lib/actions/account';
import type { FormState } from '@/lib/form-state';

export function Sessions({ sessions }: { sessions: { createdAt: string; expiresAt: string; current: boolean }[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signOutOthers, {});
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="grid gap-3 text-sm">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Sessions">
        {sessions.map((s, i) => (
          <li key={i} className="flex justify-between px-3 py-2">
            <span>signed in {s.createdAt}{s.current && <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">this browser</span>}</span>
            <span className="text-xs text-slate-500">until {s.expiresAt}</span>
          </li>
        ))}
      </ul>
      <form action={action} className="flex items-center gap-3">
        <button disabled={pending || others === 0} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 disabled:opacity-50">Sign out everywhere else ({others})</button>
        {state.message && <span role="status" className="text-emerald-700">{state.message}</span>}
      </form>
    </div>
  );
}
