import type { StoredReport } from '@/lib/runs/stored';

const format = (v: number | null) => (v === null ? 'not measured' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 1000) / 1000));

/** Each threshold with the value measured and whether it held; says so when one stopped the run. */
export function ThresholdsTable({ thresholds }: { thresholds: NonNullable<StoredReport['thresholds']> }) {
  const failed = thresholds.results.filter((t) => !t.passed).length;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm" aria-label="Thresholds">
        <caption className={`p-3 text-left text-sm font-semibold ${failed ? 'text-red-700' : 'text-emerald-700'}`} data-testid="thresholds-verdict">
          {failed ? `${failed} of ${thresholds.results.length} thresholds failed` : `All ${thresholds.results.length} thresholds passed`}
          {thresholds.aborted && ' — one with abort stopped the run'}
        </caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Threshold</th>
            <th className="px-4 py-2 text-right">Measured</th>
            <th className="px-4 py-2">Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {thresholds.results.map((t) => (
            <tr key={t.expression} data-threshold={t.expression}>
              <td className="px-4 py-2 font-mono">
                {t.expression}
                {t.abortOnFail && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-xs text-slate-600">abort</span>}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{format(t.actual)}</td>
              <td className={`px-4 py-2 font-medium ${t.passed ? 'text-emerald-700' : 'text-red-700'}`}>{t.passed ? 'passed' : 'failed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
