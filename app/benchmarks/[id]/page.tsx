import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/auth';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { RunBenchmarkForm, ScheduleForm } from '@/components/benchmarks/benchmark-forms';
import { TrendChart, type TrendPoint } from '@/components/benchmarks/trend-chart';
import { VerdictBadge } from '@/components/benchmarks/verdict-badge';
import { pinBaseline, removeBenchmark } from '@/lib/actions/benchmarks';
import { hasRole } from '@/lib/auth/roles';
import { benchmarkRuns, getBenchmark } from '@/lib/benchmarks/queries';
import { nextOccurrences } from '@/lib/benchmarks/schedule';
import { describeLoad } from '@/lib/runner/config';
import { formatDateTime, formatMs, formatRps } from '@/lib/format';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `Benchmark ${id}` };
}

const change = (value: number | null, baseline: number | null | undefined) =>
  value === null || !baseline ? '' : `${value >= baseline ? '+' : ''}${(((value - baseline) / baseline) * 100).toFixed(1)}%`;

export default async function BenchmarkPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ notice?: string }> }) {
  const { id } = await params;
  const query = await searchParams;
  const me = await requireSignedIn(`/benchmarks/${id}`, query);
  const benchmark = await getBenchmark(id);
  if (!benchmark) notFound();
  const operator = hasRole(me.role, 'operator');
  const runs = await benchmarkRuns(id);
  const completed = runs.filter((r) => r.status === 'completed');
  const baselineRun = completed.find((r) => r.id === benchmark.baselineRunId) ?? null;
  const points: TrendPoint[] = completed.map((r, index) => ({
    index,
    label: `${r.gatewayVersion ?? '–'} · ${r.createdAt.toISOString().slice(5, 10)}`,
    p50: r.latencyP50Ms,
    p95: r.latencyP95Ms,
    p99: r.latencyP99Ms,
    rps: r.rps,
    ttftP95: r.ttftP95Ms,
    outcome: r.thresholdsPassed === false || r.regressionVerdict === 'regression' ? 'fail' : r.thresholdsPassed === true || r.regressionVerdict === 'unchanged' || r.regressionVerdict === 'improvement' ? 'pass' : 'none',
    baseline: r.id === baselineRun?.id,
  }));
  const latestVersion = [...runs].reverse().find((r) => r.gatewayVersion)?.gatewayVersion ?? '';
  const next = benchmark.schedule ? nextOccurrences(benchmark.schedule).map(formatDateTime) : [];
  return (
    <>
      <PageHeader
        title={benchmark.name}
        description={
          <>
            {benchmark.targetName ?? 'target deleted'} · {benchmark.config ? `${describeLoad(benchmark.config.load)}${benchmark.config.durationMs ? ` for ${Math.round(benchmark.config.durationMs / 1000)} s` : ''}` : 'stored load no longer valid'}
            {benchmark.config?.thresholds?.length ? ` · thresholds: ${benchmark.config.thresholds.map((t) => t.expression).join(', ')}` : ''}
          </>
        }
        actions={
          operator && (
            <form action={removeBenchmark}>
              <input type="hidden" name="id" value={benchmark.id} />
              <button className="rounded-md border border-red-300 bg-white px-3 py-2 text-sm text-red-700 hover:bg-red-50">Delete benchmark</button>
            </form>
          )
        }
      />
      {query.notice && <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{query.notice}</p>}
      {benchmark.scheduleError && (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          The last scheduled run could not start: {benchmark.scheduleError}
        </p>
      )}
      {operator && (
        <section className="mb-6 grid gap-6 rounded-xl border border-slate-200 bg-white p-4 md:grid-cols-2">
          <RunBenchmarkForm id={benchmark.id} version={latestVersion} />
          <ScheduleForm id={benchmark.id} schedule={benchmark.schedule} next={next} />
        </section>
      )}
      <section className="mb-6 rounded-xl border border-slate-200 bg-white p-4" aria-label="Trend">
        <h2 className="mb-1 text-lg font-semibold">Trend</h2>
        <p className="mb-3 text-sm text-slate-600">
          Completed runs in order, labelled with the gateway version and date. Green: thresholds held and no regression; red: a threshold failed or a regression; grey: not judged.
          {baselineRun ? ` The ringed point is the baseline (${baselineRun.name}, ${formatDateTime(baselineRun.createdAt)}).` : ' Pin a run below as the baseline to read the trend against it.'}
        </p>
        {points.length === 0 ? <p className="text-sm text-slate-500">No completed runs yet.</p> : <TrendChart points={points} baseline={points.find((p) => p.baseline) ?? null} />}
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-4 text-sm" aria-label="Runs of this benchmark">
        <h2 className="mb-3 text-lg font-semibold">Runs</h2>
        <table className="w-full">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-2">Run</th><th className="py-2">Version</th><th className="py-2">Status</th><th className="py-2 text-right">p50</th><th className="py-2 text-right">p95</th><th className="py-2 text-right">p99</th><th className="py-2 text-right">RPS</th><th className="py-2 text-right">p95 vs baseline</th><th className="py-2 pl-3">Thresholds</th><th className="py-2">Verdict</th><th className="py-2" /></tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {[...runs].reverse().map((r) => (
              <tr key={r.id} className={r.id === baselineRun?.id ? 'bg-slate-50' : undefined}>
                <td className="py-2"><Link href={`/runs/${r.id}`} className="text-indigo-700 hover:underline">{formatDateTime(r.createdAt)}</Link>{r.scheduleJobId && <span className="ml-2 text-xs text-slate-500">scheduled</span>}</td>
                <td className="py-2">{r.gatewayVersion ?? '–'}</td>
                <td className="py-2"><StatusBadge status={r.status} /></td>
                <td className="py-2 text-right">{formatMs(r.latencyP50Ms)}</td>
                <td className="py-2 text-right">{formatMs(r.latencyP95Ms)}</td>
                <td className="py-2 text-right">{formatMs(r.latencyP99Ms)}</td>
                <td className="py-2 text-right">{formatRps(r.rps)}</td>
                <td className="py-2 text-right">{r.id === baselineRun?.id ? 'baseline' : change(r.latencyP95Ms, baselineRun?.latencyP95Ms)}</td>
                <td className="py-2 pl-3">{r.thresholdsPassed === null ? '–' : r.thresholdsPassed ? <span className="text-emerald-700">passed</span> : <span className="font-medium text-red-700">failed</span>}</td>
                <td className="py-2"><VerdictBadge verdict={r.regressionVerdict} title={r.regression?.summary} /></td>
                <td className="py-2 text-right">
                  {operator && r.status === 'completed' && (
                    <form action={pinBaseline}>
                      <input type="hidden" name="id" value={benchmark.id} />
                      {r.id !== baselineRun?.id && <input type="hidden" name="runId" value={r.id} />}
                      <button className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">{r.id === baselineRun?.id ? 'Unpin' : 'Pin as baseline'}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
