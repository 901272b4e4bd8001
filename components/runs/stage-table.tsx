import Link from 'next/link';
import { formatMs, formatRps } from '@/lib/format';
import type { RunDetail } from '@/lib/runs/queries';
import { StatusBadge } from '../status-badge';
import { ValidityBadge } from './validity-note';

/** A sweep's stages side by side, laid out like the concurrency benchmarks report them. */
export function StageTable({ stages, current, href, kneeId }: { stages: RunDetail['sweep']; current: string; href: (id: string) => string; kneeId?: string }) {
  const success = (s: RunDetail['sweep'][number]) => (s.requests ? `${(((s.requests - (s.failures ?? 0)) / s.requests) * 100).toFixed(1)}%` : '—');
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" aria-label="Stages">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {['Stage', 'Status', 'RPS', 'Success', 'p50 ms', 'p95 ms', 'p99 ms', 'TTFT p50/p95 ms', 'Tokens/s', 'Per user tokens/s'].map((h, i) => (
              <th key={h} className={`px-3 py-2 ${i > 1 ? 'text-right' : ''}`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {stages.map((s) => (
            <tr key={s.id} className={s.id === current ? 'bg-indigo-50' : undefined} aria-current={s.id === current ? 'page' : undefined}>
              <td className="px-3 py-2">
                <Link href={href(s.id)} className="text-indigo-700 hover:underline">{s.stageLabel}</Link>
                {s.id === kneeId && <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">knee</span>}
              </td>
              <td className="px-3 py-2"><StatusBadge status={s.status} /><ValidityBadge verdict={s.validity} /></td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRps(s.rps)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{success(s)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMs(s.latencyP50Ms)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMs(s.latencyP95Ms)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMs(s.latencyP99Ms)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{s.ttftP50Ms === null ? '—' : `${formatMs(s.ttftP50Ms)} / ${formatMs(s.ttftP95Ms)}`}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRps(s.outputTokensPerSec)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatRps(s.perUserTokensPerSec)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
