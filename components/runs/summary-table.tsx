import { formatCount, formatMs, formatRps } from '@/lib/format';
import type { RunDetail } from '@/lib/runs/queries';

const triple = (a: number | null, b: number | null, c: number | null) => (a === null ? '—' : `${formatMs(a)} / ${formatMs(b)} / ${formatMs(c)}`);

/** The headline numbers, laid out like the reference benchmark tables. RPS counts successful requests; attempts are beside it. */
export function SummaryTable({ run }: { run: RunDetail }) {
  const cells: [string, string][] = [
    ['Requests', formatCount(run.requests)],
    ['Failures', run.requests ? `${formatCount(run.failures)} (${(((run.failures ?? 0) / run.requests) * 100).toFixed(2)}%)` : formatCount(run.failures)],
    ['p50 ms', formatMs(run.latencyP50Ms)],
    ['p95 ms', formatMs(run.latencyP95Ms)],
    ['p99 ms', formatMs(run.latencyP99Ms)],
    ['avg ms', formatMs(run.latencyAvgMs)],
    ['RPS', formatRps(run.rps)],
    ['Attempts/s', formatRps(run.attemptRps)],
    ['Overhead p50/p95/p99 ms', triple(run.overheadP50Ms, run.overheadP95Ms, run.overheadP99Ms)],
  ];
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm" aria-label="Summary">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>{cells.map(([label]) => <th key={label} className="px-4 py-2 text-right first:text-left">{label}</th>)}</tr>
        </thead>
        <tbody>
          <tr>{cells.map(([label, value]) => <td key={label} className="px-4 py-3 text-right text-base font-semibold tabular-nums first:text-left">{value}</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}
