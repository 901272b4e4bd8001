import Link from 'next/link';
import { requireSignedIn } from '@/app/auth';
import { EmptyState } from '@/components/empty-state';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/page-header';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { hasRole } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format';
import { listWorkers } from '@/lib/workers/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Workers' };

const stateStyle = { busy: 'bg-blue-100 text-blue-800', idle: 'bg-emerald-100 text-emerald-800', lost: 'bg-red-100 text-red-800', stopped: 'bg-slate-100 text-slate-600' } as const;
const percent = (value?: number) => (value === undefined ? '–' : `${Math.round(value * 100)}%`);

export default async function WorkersPage() {
  const me = await requireSignedIn('/workers');
  if (!hasRole(me.role, 'operator')) return <Forbidden role={me.role} needed="operator" doing="see load workers" />;
  const workers = await listWorkers();
  return (
    <>
      <AutoRefresh active={workers.some((w) => w.state === 'busy' || w.state === 'idle')} everyMs={2000} />
      <PageHeader
        title="Workers"
        description="Load workers split a run's load across machines (New run → Scale out). Start one on any machine that reaches this app's database and the targets: DATABASE_URL=… SECRET_KEY=… npm run worker."
      />
      {workers.length === 0 ? (
        <EmptyState title="No workers yet">
          Runs use this server&apos;s own engine. To split a run across machines, start workers with <code className="font-mono">npm run worker</code> (README, “Scale out”); they appear here within a second.
        </EmptyState>
      ) : (
        <table className="w-full rounded-xl border border-slate-200 bg-white text-sm" aria-label="Workers">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="px-3 py-2">Worker</th><th className="px-3 py-2">State</th><th className="px-3 py-2">Run</th><th className="px-3 py-2 text-right">CPUs</th><th className="px-3 py-2 text-right">Engine busy</th><th className="px-3 py-2 text-right">Send lag p99</th><th className="px-3 py-2 text-right">Open connections</th><th className="px-3 py-2">Version</th><th className="px-3 py-2">Last seen</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {workers.map((w) => (
              <tr key={w.id}>
                <td className="px-3 py-2 font-mono text-xs">{w.name}</td>
                <td className="px-3 py-2"><span className={`rounded-full px-2 py-0.5 text-xs font-medium ${stateStyle[w.state]}`}>{w.state}</span></td>
                <td className="px-3 py-2">{w.currentRunId && w.state === 'busy' ? <Link href={`/runs/${w.currentRunId}`} className="font-mono text-xs text-indigo-700 hover:underline">{w.currentRunId}</Link> : '–'}</td>
                <td className="px-3 py-2 text-right">{w.cpus}</td>
                <td className="px-3 py-2 text-right">{w.state === 'busy' ? percent(w.health.clientBusy) : '–'}</td>
                <td className="px-3 py-2 text-right">{w.state === 'busy' && w.health.sendLagP99Ms != null ? `${w.health.sendLagP99Ms.toFixed(1)} ms` : '–'}</td>
                <td className="px-3 py-2 text-right">{w.state === 'busy' ? (w.health.openConnections ?? '–') : '–'}</td>
                <td className="px-3 py-2">{w.version}</td>
                <td className="px-3 py-2 text-slate-600">{formatDateTime(w.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
