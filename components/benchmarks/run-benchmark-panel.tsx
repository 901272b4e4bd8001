import Link from 'next/link';
import type { StoredRegression } from '@/lib/benchmarks/stored';
import { formatMs } from '@/lib/format';
import { VerdictBadge } from './verdict-badge';

const value = (unit: string, v: number) => (unit === 'ms' ? formatMs(v) : `${v.toFixed(1)} ${unit}`);

/** On a run page: the benchmark it belongs to and its verdict against the runs before it, with the evidence. */
export function RunBenchmarkPanel({ benchmark, regression }: { benchmark: { id: string; name: string }; regression: StoredRegression | undefined }) {
  return (
    <section className="mb-4 rounded-xl border border-slate-200 bg-white p-4 text-sm" aria-label="Benchmark verdict">
      <p className="flex flex-wrap items-center gap-2">
        A run of benchmark{' '}
        <Link href={`/benchmarks/${benchmark.id}`} className="font-medium text-indigo-700 underline">{benchmark.name}</Link>
        {regression && <VerdictBadge verdict={regression.verdict} />}
        {regression && <span className="text-slate-700">{regression.summary}</span>}
      </p>
      {regression && regression.checks.length > 0 && (
        <table className="mt-3 w-full max-w-3xl" aria-label="Against the history">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-1">Metric</th><th className="py-1 text-right">This run</th><th className="py-1 text-right">Last {regression.historyRunIds.length} runs</th><th className="py-1 text-right">Change</th><th className="py-1 text-right">p</th><th className="py-1 pl-3">Verdict</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {regression.checks.map((c) => (
              <tr key={c.metric}>
                <td className="py-1">{c.label}</td>
                <td className="py-1 text-right">{value(c.unit, c.value)}</td>
                <td className="py-1 text-right">{value(c.unit, c.historyMean)}</td>
                <td className="py-1 text-right">{c.change > 0 ? '+' : ''}{(c.change * 100).toFixed(1)}%</td>
                <td className="py-1 text-right">{c.p < 0.0001 ? '<0.0001' : c.p.toFixed(4)}</td>
                <td className="py-1 pl-3"><VerdictBadge verdict={c.verdict} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {regression && (
        <p className="mt-2 text-xs text-slate-500">
          Each metric (log scale) against the last {regression.policy.window} completed runs (at least {regression.policy.minRuns}): a t-test for one new run, {regression.policy.alpha * 100}% false alarms per run shared across metrics, and a change of at least {regression.policy.minChange * 100}%.
        </p>
      )}
    </section>
  );
}
