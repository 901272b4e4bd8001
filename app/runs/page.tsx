import Link from 'next/link';
import { requireSignedIn } from '@/app/auth';
import { hasRole } from '@/lib/auth/roles';
import { EmptyState } from '@/components/empty-state';
import { inputClass } from '@/components/form/field';
import { PageHeader } from '@/components/page-header';
import { HistoryTable } from '@/components/runs/history-table';
import { historyHref, historySortLinks, listRuns, parseHistoryFilter, runStatuses, SORT_LABELS } from '@/lib/runs/history';
import { getLabelSuggestions } from '@/lib/runs/queries';
import { listTargets } from '@/lib/targets/queries';
import { ExperimentList } from '@/components/experiments/experiment-list';
import { listExperiments } from '@/lib/experiments/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Runs' };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const me = await requireSignedIn('/runs', params);
  const operator = hasRole(me.role, 'operator');
  const filter = parseHistoryFilter(params);
  const notice = typeof params.notice === 'string' ? params.notice : undefined;
  const [{ runs, hasMore }, targets, suggestions, experiments] = await Promise.all([listRuns(filter), listTargets(), getLabelSuggestions(), listExperiments()]);
  const filtered = Object.entries(filter).some(([k, v]) => !['sort', 'dir', 'page'].includes(k) && v !== undefined);
  const select = (name: string, label: string, options: [string, string][], value?: string) => (
    <label className="text-xs font-medium text-slate-600">
      {label}
      <select name={name} defaultValue={value ?? ''} className={inputClass}>
        <option value="">any</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
  const input = (name: string, label: string, value: string | number | undefined, props: { type?: string; list?: string } = {}) => (
    <label className="text-xs font-medium text-slate-600">
      {label}
      <input name={name} defaultValue={value ?? ''} type={props.type ?? 'text'} list={props.list} className={inputClass} />
    </label>
  );

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every benchmark run with its labels and headline metrics (RPS counts successful requests). Filters and sort live in the address, so a filtered view can be shared; gateway and version match from their start, in any case."
        actions={
          operator && (
            <Link href="/runs/import" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">
              Import results
            </Link>
          )
        }
      />
      {notice && <p role="status" className="mb-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">{notice}</p>}
      <form method="get" action="/runs" className="mb-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-10" aria-label="Filter runs">
        {select('target', 'Target', targets.map((t) => [t.id, t.name]), filter.target)}
        {input('gateway', 'Gateway', filter.gateway, { list: 'f-gateways' })}
        {input('version', 'Version', filter.version, { list: 'f-versions' })}
        {input('instances', 'Instances', filter.instances, { type: 'number' })}
        {input('tag', 'Tag', filter.tag, { list: 'f-tags' })}
        {select('status', 'Status', runStatuses.map((s) => [s, s]), filter.status)}
        {select('thresholds', 'Thresholds', [['passed', 'all passed'], ['failed', 'some failed']], filter.thresholds)}
        {input('from', 'From', filter.from, { type: 'date' })}
        {input('to', 'To', filter.to, { type: 'date' })}
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <div className="flex items-end gap-2">
          <button className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
          {filtered && <Link href="/runs" className="py-1.5 text-sm text-slate-600 hover:underline">Clear</Link>}
        </div>
        <datalist id="f-gateways">{suggestions.gatewayNames.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id="f-versions">{suggestions.gatewayVersions.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id="f-tags">{suggestions.tags.map((v) => <option key={v} value={v} />)}</datalist>
      </form>
      {experiments.length > 0 && <ExperimentList experiments={experiments} />}
      {runs.length === 0 ? (
        filtered || filter.page > 1 ? (
          <EmptyState title="No runs match these filters" action={{ href: '/runs', label: 'Clear filters' }}>
            Try a wider date range or fewer filters.
          </EmptyState>
        ) : (
          <EmptyState title="No runs yet" action={{ href: '/runs/new', label: 'Start a run' }}>
            A run sends load to a target and keeps its results here: requests, failures, latency percentiles, TTFT and
            gateway overhead. Start one, and label it with the gateway, version and instance count you measured.
          </EmptyState>
        )
      ) : (
        <>
          {filter.sort !== 'createdAt' && <p className="mb-2 text-xs text-slate-500">Sorted by {SORT_LABELS[filter.sort][0]}: runs without that measurement are not listed.</p>}
          <HistoryTable runs={runs} columns={historySortLinks(filter)} />
          <nav className="mt-3 flex justify-between text-sm" aria-label="Pages">
            {filter.page > 1 ? <Link href={historyHref(filter, { page: filter.page - 1 })} className="text-indigo-700 hover:underline">← Previous</Link> : <span />}
            {hasMore && <Link href={historyHref(filter, { page: filter.page + 1 })} className="text-indigo-700 hover:underline">Next →</Link>}
          </nav>
        </>
      )}
    </>
  );
}
