import Link from 'next/link';
import { requireSignedIn } from '@/app/auth';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { VerdictBadge } from '@/components/benchmarks/verdict-badge';
import { listBenchmarks } from '@/lib/benchmarks/queries';
import { formatDateTime, formatMs, formatRps } from '@/lib/format';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Benchmarks' };

export default async function BenchmarksPage() {
  await requireSignedIn('/benchmarks');
  const benchmarks = await listBenchmarks();
  return (
    <>
      <PageHeader
        title="Benchmarks"
        description="A benchmark is a target and a load run again and again — by hand, from CI or on a schedule. Each run is tested against the ones before it, so a slower release is flagged as a regression."
      />
      {benchmarks.length === 0 ? (
        <EmptyState title="No benchmarks yet" action={{ href: '/runs', label: 'Go to runs' }}>
          Open a completed run and choose “Save as benchmark”: its target, load and labels become the benchmark, and the run its first point.
        </EmptyState>
      ) : (
        <table className="w-full rounded-xl border border-slate-200 bg-white text-sm" aria-label="Benchmarks">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Target</th><th className="px-3 py-2">Schedule (UTC)</th><th className="px-3 py-2 text-right">Runs</th><th className="px-3 py-2">Latest run</th><th className="px-3 py-2 text-right">p95</th><th className="px-3 py-2 text-right">RPS</th><th className="px-3 py-2">Verdict</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {benchmarks.map((b) => (
              <tr key={b.id}>
                <td className="px-3 py-2"><Link href={`/benchmarks/${b.id}`} className="font-medium text-indigo-700 hover:underline">{b.name}</Link></td>
                <td className="px-3 py-2">{b.targetName ?? <span className="text-red-700">deleted</span>}</td>
                <td className="px-3 py-2 font-mono text-xs">{b.schedule ?? <span className="font-sans text-slate-400">by hand</span>}</td>
                <td className="px-3 py-2 text-right tabular-nums">{b.runCount}</td>
                <td className="px-3 py-2">
                  {b.latest ? (
                    <span className="flex items-center gap-2"><Link href={`/runs/${b.latest.id}`} className="hover:underline">{formatDateTime(b.latest.createdAt)}</Link>{b.latest.gatewayVersion && <span className="text-slate-500">{b.latest.gatewayVersion}</span>}{b.latest.status !== 'completed' && <StatusBadge status={b.latest.status} />}</span>
                  ) : '–'}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(b.latest?.latencyP95Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatRps(b.latest?.rps)}</td>
                <td className="px-3 py-2"><VerdictBadge verdict={b.latest?.regressionVerdict ?? null} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
