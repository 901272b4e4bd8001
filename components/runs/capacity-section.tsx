import Link from 'next/link';
import { SweepChart } from '@/components/runs/sweep-chart';
import { OBJECTIVE_LABELS } from '@/lib/runner/capacity-search';
import { formatMs, formatRps } from '@/lib/format';
import type { StoredReport } from '@/lib/runs/stored';

/** A capacity run's answer: the limit, the step that proved it, every step, and the way to a plan. */
export function CapacitySection({ runId, capacity, instanceCount, planHref }: { runId: string; capacity: NonNullable<StoredReport['capacity']>; instanceCount: number | null; planHref: boolean }) {
  const objective = `${OBJECTIVE_LABELS[capacity.search.objective]} ≤ ${capacity.search.limitMs} ms, failures ≤ ${(capacity.search.maxFailureRate * 100).toFixed(1)}%`;
  return (
    <section className="mb-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="Capacity">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Capacity: the highest rate that held {objective}</h2>
      <p className="text-3xl font-semibold tabular-nums" data-testid="capacity-limit">
        {capacity.limitRps === null ? 'none held' : `${capacity.reached ? '' : '≥ '}${formatRps(capacity.limitRps)} req/s`}
        {capacity.limitRps !== null && instanceCount && <span className="ml-2 text-base font-normal text-slate-600">with {instanceCount} instance{instanceCount === 1 ? '' : 's'}</span>}
      </p>
      <p className="text-sm text-slate-700">{capacity.reason}. The summary above is the step that proved it{capacity.provenBy !== null ? ` (step ${capacity.provenBy + 1})` : ''}.</p>
      <SweepChart limitMs={capacity.search.limitMs} points={capacity.steps.map((s, i) => ({ stage: `${formatRps(s.rate)}/s`, rps: s.rps, p95: capacity.search.objective === 'p99' ? s.p99Ms : capacity.search.objective === 'ttftP95' ? s.ttftP95Ms : s.p95Ms, knee: i === capacity.provenBy }))} />
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm" aria-label="Capacity steps">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Step</th>
              <th className="px-3 py-2 text-right">Rate offered</th>
              <th className="px-3 py-2 text-right">RPS</th>
              <th className="px-3 py-2 text-right">p95 ms</th>
              <th className="px-3 py-2 text-right">p99 ms</th>
              <th className="px-3 py-2 text-right">Failed</th>
              <th className="px-3 py-2">Held?</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {capacity.steps.map((s, i) => (
              <tr key={i} className={i === capacity.provenBy ? 'bg-emerald-50' : undefined}>
                <td className="px-3 py-2">{i + 1}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatRps(s.rate)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatRps(s.rps)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(s.p95Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(s.p99Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{s.requests ? `${((s.failures / s.requests) * 100).toFixed(2)}%` : '—'}</td>
                <td className={`px-3 py-2 ${s.passed ? 'text-emerald-700' : 'text-red-700'}`}>{s.passed ? 'held' : 'broke'}: {s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {planHref && capacity.limitRps !== null && (
        <Link href={`/capacity?runs=${runId}&latencyMs=${capacity.search.limitMs}`} className="text-sm font-medium text-indigo-700 hover:underline">
          Plan capacity from this run →
        </Link>
      )}
    </section>
  );
}
