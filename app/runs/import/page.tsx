import { requireSignedIn } from '@/app/auth';
import { Forbidden } from '@/components/forbidden';
import { ImportForm } from '@/components/imports/import-form';
import { PageHeader } from '@/components/page-header';
import { hasRole } from '@/lib/auth/roles';
import { IMPORT_MAX_BYTES } from '@/lib/imports';

export const metadata = { title: 'Import results' };

export default async function ImportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireSignedIn('/runs/import', await searchParams);
  if (!hasRole(me.role, 'operator')) return <Forbidden role={me.role} needed="operator" doing="import results" />;
  return (
    <>
      <PageHeader
        title="Import results"
        description="Results from other tools into history, next to the runs made here: compare them, share them, plan capacity from them. Each run says what the file had and what it did not."
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <ImportForm maxMb={IMPORT_MAX_BYTES / 2 ** 20} />
        <aside className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700" aria-label="What can be imported">
          <h2 className="mb-2 font-semibold text-slate-900">What can be imported</h2>
          <ul className="grid gap-2">
            <li><b>Locust</b>: the files of <code>--csv PREFIX</code>. <code>PREFIX_stats.csv</code> is needed; add <code>PREFIX_stats_history.csv</code> (with <code>--csv-full-history</code>) for a per-second series and <code>PREFIX_failures.csv</code> for failures by kind. Select them together.</li>
            <li><b>k6</b>: <code>--summary-export FILE</code> (totals), or <code>--out json=FILE</code> (every sample: exact percentiles and a per-second series).</li>
            <li><b>vLLM</b>: <code>benchmark_serving.py --save-result</code> JSON. Add <code>e2el</code> to <code>--percentile-metrics</code> for latency.</li>
            <li><b>GuideLLM</b>: the report JSON (<code>--output-path report.json</code>): one run per benchmark.</li>
          </ul>
          <p className="mt-3 text-xs text-slate-500">From a script: <code>curl -H &quot;authorization: Bearer $TOKEN&quot; -F files=@report.json -F gatewayVersion=1.80.0 $BENCH_URL/api/imports</code></p>
        </aside>
      </div>
    </>
  );
}
