import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import type { ExperimentListItem } from '@/lib/experiments/queries';
import { formatDateTime } from '@/lib/format';

/** The newest experiments, one row each (their runs are also in the run list below). */
export function ExperimentList({ experiments }: { experiments: ExperimentListItem[] }) {
  return (
    <section className="mb-6 overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Experiments">
        <caption className="p-3 text-left text-sm font-semibold text-slate-700">Experiments: overhead runs and A/B experiments, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="px-3 py-2">Experiment</th>
            <th className="px-3 py-2">Kind</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2">Answer</th>
            <th className="px-3 py-2">Started</th>
          </tr>
        </thead>
        <tbody>
          {experiments.map((e) => (
            <tr key={e.id} className="border-t border-slate-100">
              <td className="px-3 py-2">
                <Link href={`/experiments/${e.id}`} className="font-medium text-indigo-700 hover:underline">{e.name}</Link>
                <span className="block text-xs text-slate-500">{e.load} · {e.runs} runs</span>
              </td>
              <td className="px-3 py-2">{e.kind === 'overhead' ? 'overhead' : 'A/B'}</td>
              <td className="px-3 py-2"><StatusBadge status={e.status} /></td>
              <td className="px-3 py-2 text-slate-700">{e.summary ?? '—'}</td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(e.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
