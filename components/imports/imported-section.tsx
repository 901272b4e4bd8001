import { formatDateTime, formatMs } from '@/lib/format';
import { toolName } from '@/lib/imports/types';
import type { StoredReport } from '@/lib/runs/stored';

const METRICS: [string, string][] = [
  ['latencyMs', 'Latency'],
  ['ttftMs', 'Time to first token'],
  ['tpotMs', 'TPOT'],
  ['itlMs', 'Inter-token latency'],
];
const COLUMNS = ['p50', 'p90', 'p95', 'p99', 'avg', 'max'] as const;

/** What an imported run came from, what the file had and lacked, and how the tool's terms were read. */
export function ImportedSection({ imported }: { imported: NonNullable<StoredReport['imported']> }) {
  const rows = METRICS.filter(([key]) => imported.distributions[key]);
  return (
    <section className="grid gap-3 rounded-xl border border-violet-200 bg-violet-50/40 p-4 text-sm" aria-label="Imported">
      <p className="text-slate-800">
        <span className="rounded bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-800">imported from {toolName(imported.tool)}</span>{' '}
        {imported.files.join(', ')} · imported {formatDateTime(new Date(imported.importedAt))}
      </p>
      {rows.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" aria-label="Distributions as imported">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2">ms, as the file reported</th>
                {COLUMNS.map((c) => <th key={c} className="px-3 py-2 text-right">{c}</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(([key, name]) => (
                <tr key={key}>
                  <td className="px-3 py-2">{name}</td>
                  {COLUMNS.map((c) => (
                    <td key={c} className="px-3 py-2 text-right tabular-nums">{imported.distributions[key][c] === undefined ? '—' : formatMs(imported.distributions[key][c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-3">
        <div>
          <h3 className="font-semibold text-slate-900">Imported</h3>
          <ul className="mt-1 list-disc pl-5 text-slate-700">{imported.imported.map((line) => <li key={line}>{line}</li>)}</ul>
        </div>
        <div>
          <h3 className="font-semibold text-slate-900">Missing</h3>
          <ul className="mt-1 list-disc pl-5 text-slate-700" aria-label="Missing from the file">{imported.missing.map((line) => <li key={line}>{line}</li>)}</ul>
        </div>
        <div>
          <h3 className="font-semibold text-slate-900">How the terms were read</h3>
          <ul className="mt-1 list-disc pl-5 text-slate-700">{imported.notes.map((line) => <li key={line}>{line}</li>)}</ul>
        </div>
      </div>
    </section>
  );
}
