'use client';

import { useState, useTransition } from 'react';
import { checkTarget, removeTarget } from '@/lib/actions/targets';
import type { ConnectionTestResult } from '@/lib/targets/connection-test';
import { TargetForm, type TargetFormValues, type UpstreamChoice } from './target-form';

export function TargetRow({ target, builtin, canEdit, upstreams }: { target: TargetFormValues & { id: string }; builtin: boolean; canEdit: boolean; upstreams: UpstreamChoice[] }) {
  const [editing, setEditing] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult>();
  const [testing, startTest] = useTransition();

  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" aria-label={target.name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-semibold">
            {target.name}
            {builtin && <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">built-in</span>}
          </p>
          <p className="truncate font-mono text-xs text-slate-600">{target.baseUrl}</p>
          <p className="mt-1 text-xs text-slate-500">
            {target.apiFlavour} · model {target.defaultModel || '—'} · API key {target.hasApiKey ? `saved (hidden)${target.keyHeader ? `, sent as ${target.keyHeader}` : ''}` : 'none'}
            {target.headers && ` · ${target.headers.split('\n').length} extra header(s)`}
            {target.hasSecretHeaders && ' · secret headers saved (hidden)'}
            {target.upstreamId && ` · upstream ${upstreams.find((u) => u.id === target.upstreamId)?.name ?? '(removed)'}`}
            {target.overheadHeader && ` · overhead header ${target.overheadHeader}`}
          </p>
        </div>
        {canEdit && <div className="flex shrink-0 items-center gap-2">
          <button
            type="button"
            onClick={() => startTest(async () => setResult(await checkTarget(target.id)))}
            disabled={testing}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
          >
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          {!builtin && (
            <>
              <button type="button" onClick={() => setEditing((e) => !e)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
                Edit
              </button>
              <form action={removeTarget} onSubmit={(e) => !confirm(`Delete target "${target.name}"? Its runs are kept.`) && e.preventDefault()}>
                <input type="hidden" name="id" value={target.id} />
                <button type="submit" className="rounded-md border border-red-200 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50">
                  Delete
                </button>
              </form>
            </>
          )}
        </div>}
      </div>
      {result && (
        <div role="status" className={`mt-3 rounded-md p-3 text-sm ${result.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-900'}`}>
          <p className="font-medium">
            {result.status !== undefined ? `HTTP ${result.status} in ${result.latencyMs} ms` : `Failed: ${result.error}`}
            <span className="ml-2 font-mono text-xs font-normal opacity-70">{result.url}</span>
          </p>
          {result.preview && <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs opacity-80">{result.preview}</pre>}
        </div>
      )}
      {editing && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <TargetForm initial={target} onDone={() => setEditing(false)} upstreams={upstreams} />
        </div>
      )}
    </li>
  );
}
