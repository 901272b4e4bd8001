'use client';

import Link from 'next/link';
import { toolName } from '@/lib/imports/types';
import { useState } from 'react';
import { formatCount, formatDateTime, formatMs, formatRps } from '@/lib/format';
import type { HistoryRow, SortLink } from '@/lib/runs/history';
import { StatusBadge } from '../status-badge';
import { ValidityBadge } from './validity-note';

/** Runs with checkboxes: pick two or more and Compare opens /compare?runs=a,b,… */
export function HistoryTable({ runs, columns }: { runs: HistoryRow[]; columns: Record<string, SortLink> }) {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const header = (key: string) => {
    const column = columns[key];
    return (
      <th className={`px-3 py-2 ${column.numeric ? 'text-right' : ''}`} aria-sort={column.active === 'asc' ? 'ascending' : column.active === 'desc' ? 'descending' : undefined}>
        <Link href={column.href} className="hover:text-slate-900">
          {column.label}
          {column.active && (column.active === 'asc' ? ' ▲' : ' ▼')}
        </Link>
      </th>
    );
  };
  return (
    <div>
      <div className="mb-2 flex items-center gap-3 text-sm">
        <Link
          href={selected.length >= 2 ? `/compare?runs=${selected.join(',')}` : '#'}
          aria-disabled={selected.length < 2}
          className={`rounded-md px-3 py-1.5 font-medium ${selected.length >= 2 ? 'bg-indigo-600 text-white hover:bg-indigo-500' : 'pointer-events-none bg-slate-200 text-slate-500'}`}
        >
          Compare {selected.length ? `(${selected.length})` : ''}
        </Link>
        <span className="text-slate-500">{selected.length < 2 ? 'Select two or more runs to compare them.' : ''}</span>
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label="Runs">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2"><span className="sr-only">Select</span></th>
              <th className="px-3 py-2">Run</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Target</th>
              <th className="px-3 py-2">Gateway</th>
              {header('instanceCount')}
              {header('requests')}
              {header('failures')}
              {header('rps')}
              {header('latencyP50Ms')}
              {header('latencyP95Ms')}
              {header('latencyP99Ms')}
              {header('createdAt')}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((run) => (
              <tr key={run.id} className="hover:bg-slate-50">
                <td className="px-3 py-2">
                  {run.stages.length <= 1 && <input type="checkbox" aria-label={`Select run ${run.id}`} checked={selected.includes(run.id)} onChange={() => toggle(run.id)} />}
                </td>
                <td className="px-3 py-2">
                  <Link href={`/runs/${run.id}`} className="font-mono text-indigo-700 hover:underline">{run.id}</Link>
                  {run.title && <span className="block max-w-56 truncate text-xs text-slate-700" title={run.title}>{run.title}</span>}
                </td>
                <td className="px-3 py-2"><StatusBadge status={run.status} /><ValidityBadge verdict={run.validity} />{run.thresholdsPassed !== null && <span className={`ml-1 text-xs font-medium ${run.thresholdsPassed ? 'text-emerald-700' : 'text-red-700'}`} title="pass/fail thresholds">{run.thresholdsPassed ? 'thresholds ✓' : 'thresholds ✗'}</span>}</td>
                <td className="px-3 py-2">
                  {run.targetName}
                  {run.stages.length > 1 ? (
                    <details className="text-xs text-slate-600">
                      <summary className="cursor-pointer">Sweep · {run.stages.length} stages</summary>
                      <ul className="mt-1 grid gap-0.5">
                        {run.stages.map((stage) => (
                          <li key={stage.id} className="flex items-center gap-2">
                            <input type="checkbox" aria-label={`Select run ${stage.id}`} checked={selected.includes(stage.id)} onChange={() => toggle(stage.id)} />
                            <Link href={`/runs/${stage.id}`} className="text-indigo-700 hover:underline">{stage.stageLabel}</Link>
                            <span className="tabular-nums">{formatRps(stage.rps)} RPS · p95 {formatMs(stage.latencyP95Ms)} ms</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : (
                    <span className="block text-xs text-slate-500">{run.stageLabel}</span>
                  )}
                  {run.importedFrom && <span className="block text-xs text-violet-700" data-testid="imported-label">imported from {toolName(run.importedFrom)}</span>}
                </td>
                <td className="px-3 py-2">
                  {[run.gatewayName, run.gatewayVersion].filter(Boolean).join(' ') || '—'}
                  {run.tags.length > 0 && <span className="block text-xs text-slate-500">{run.tags.join(', ')}</span>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(run.instanceCount)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(run.requests)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(run.failures)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatRps(run.rps)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP50Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP95Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP99Ms)}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
