import Link from 'next/link';
import { formatCount, formatDateTime, formatMs, formatRps } from '@/lib/format';
import type { RecentRun } from '@/lib/runs/queries';
import { StatusBadge } from './status-badge';

export function RunsTable({ runs }: { runs: RecentRun[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Run</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Target</th>
            <th className="px-4 py-2">Gateway</th>
            <th className="px-4 py-2 text-right">Instances</th>
            <th className="px-4 py-2 text-right">Requests</th>
            <th className="px-4 py-2 text-right">RPS</th>
            <th className="px-4 py-2 text-right">p95 ms</th>
            <th className="px-4 py-2">Started</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} className="hover:bg-slate-50">
              <td className="px-4 py-2 font-mono">
                <Link href={`/runs/${run.id}`} className="text-indigo-700 hover:underline">
                  {run.id}
                </Link>
              </td>
              <td className="px-4 py-2"><StatusBadge status={run.status} /></td>
              <td className="px-4 py-2">{run.targetName}</td>
              <td className="px-4 py-2">{[run.gatewayName, run.gatewayVersion].filter(Boolean).join(' ') || '—'}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatCount(run.instanceCount)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatCount(run.requests)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatRps(run.rps)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMs(run.latencyP95Ms)}</td>
              <td className="px-4 py-2 whitespace-nowrap text-slate-600">{formatDateTime(run.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
