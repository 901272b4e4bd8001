'use client';

import { useActionState, useState } from 'react';
import { createShare, revokeShare } from '@/lib/actions/shares';
import type { FormState } from '@/lib/form-state';

export type ShareSubject = { kind: 'run'; runId: string } | { kind: 'comparison'; runs: string; baseline: string } | { kind: 'experiment'; experimentId: string };

export interface ShareLinkRow {
  id: string;
  createdAt: Date;
  createdById: string | null;
  createdBy: { email: string } | null;
}

/** Create (and copy, once) and revoke read-only links to this run or comparison. */
export function SharePanel({ subject, origin, me, links }: { subject: ShareSubject; origin: string; me: { id: string; role: string }; links: ShareLinkRow[] }) {
  const [created, create, creating] = useActionState<FormState, FormData>(createShare, {});
  const [revoked, revoke] = useActionState<FormState, FormData>(revokeShare, {});
  const [copied, setCopied] = useState<string>();
  const path = subject.kind === 'run' ? `/runs/${subject.runId}` : subject.kind === 'experiment' ? `/experiments/${subject.experimentId}` : `/compare?runs=${subject.runs}&baseline=${subject.baseline}`;
  const message = revoked.message ?? created.message;
  return (
    <details className="mb-6 rounded-xl border border-slate-200 bg-white p-4 text-sm" open={links.length > 0 || !!message}>
      <summary className="cursor-pointer font-semibold text-slate-700">Share links ({links.length})</summary>
      <p className="mt-2 text-slate-600">A share link opens this {subject.kind} read-only to anyone holding it, without an account. Nothing else is visible through it. Revoke it to close it.</p>
      {created.ok && created.secret && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <input readOnly value={`${origin}/share/${created.secret}`} aria-label="Share link" className="min-w-0 flex-1 rounded border border-emerald-300 bg-emerald-50 px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50" onClick={() => navigator.clipboard?.writeText(`${origin}/share/${created.secret}`).then(() => setCopied('new'), () => setCopied(undefined))}>
            {copied === 'new' ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      <ul className="mt-3 grid gap-2" aria-label="Share links">
        {links.map((link) => (
          <li key={link.id} className="flex flex-wrap items-center gap-2">
            <span className="text-xs text-slate-600">Link by {link.createdBy?.email ?? 'a removed user'}, {new Date(link.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</span>
            {(link.createdById === me.id || me.role === 'admin') && (
              <form action={revoke}>
                <input type="hidden" name="id" value={link.id} />
                <input type="hidden" name="path" value={path} />
                <button className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50">Revoke</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={create} className="mt-3 flex items-center gap-3">
        <input type="hidden" name="kind" value={subject.kind} />
        <input type="hidden" name="path" value={path} />
        {subject.kind === 'run' ? <input type="hidden" name="runId" value={subject.runId} /> : subject.kind === 'experiment' ? <input type="hidden" name="experimentId" value={subject.experimentId} /> : (
          <>
            <input type="hidden" name="runs" value={subject.runs} />
            <input type="hidden" name="baseline" value={subject.baseline} />
          </>
        )}
        <button disabled={creating} className="rounded-md border border-indigo-300 bg-indigo-50 px-3 py-1.5 font-medium text-indigo-800 hover:bg-indigo-100 disabled:opacity-60">Create share link</button>
        {message && <span role="status" className={(revoked.message ? revoked.ok : created.ok) ? 'text-emerald-700' : 'text-red-700'}>{message}</span>}
      </form>
    </details>
  );
}
