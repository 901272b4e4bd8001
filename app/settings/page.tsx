import { requireSignedIn } from '@/app/auth';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/page-header';
import { AllowedHosts } from '@/components/settings/allowed-hosts';
import { hasRole } from '@/lib/auth/roles';
import { describeAuditDetail, listAuditEvents } from '@/lib/audit/log';
import { listAllowedHosts } from '@/lib/egress/admin-hosts';
import { serverPolicy } from '@/lib/egress/server-policy';
import { formatDateTime } from '@/lib/format';
import { Webhooks } from '@/components/settings/webhooks';
import { listDeliveries, listWebhooks } from '@/lib/webhooks/store';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const me = await requireSignedIn('/settings');
  if (!hasRole(me.role, 'admin')) return <Forbidden role={me.role} needed="admin" doing="change settings" />;
  const { limits } = serverPolicy();
  const [added, audit, hooks, deliveries] = await Promise.all([listAllowedHosts(), listAuditEvents(), listWebhooks(), listDeliveries()]);
  const fromEnv = (process.env.ALLOWED_TARGET_HOSTS ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  const limitRows: [string, string, string][] = [
    ['Users per run', limits.maxUsers.toLocaleString('en-US'), 'MAX_USERS'],
    ['Requests/s per run', limits.maxRate.toLocaleString('en-US'), 'MAX_RATE'],
    ['Run length (with warm-up)', `${Math.round(limits.maxDurationMs / 60_000)} min`, 'MAX_DURATION'],
    ['Request and reply body', `${(limits.maxBodyBytes / 1024 / 1024).toFixed(1)} MB`, 'MAX_BODY_BYTES'],
    ['Runs at once (a sweep is one)', limits.maxConcurrentRuns.toLocaleString('en-US'), 'MAX_CONCURRENT_RUNS'],
    ['Users across running runs', limits.maxActiveUsers.toLocaleString('en-US'), 'MAX_ACTIVE_USERS'],
  ];
  return (
    <>
      <PageHeader title="Settings" description="Where runs may send traffic, how big a run may be on this server, and who changed what." />
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <section className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="mb-1 text-lg font-semibold">Allowed targets</h2>
          <p className="mb-4 text-sm text-slate-600">
            Targets must resolve to one of these. Link-local and cloud-metadata addresses (169.254.0.0/16 and the like) are refused whatever this list says.
            The check applies to the address a name resolves to, and runs connect to the address that was checked.
          </p>
          <AllowedHosts fromEnv={fromEnv} added={added.map((row) => ({ id: row.id, entry: row.entry, addedBy: row.addedBy?.email ?? 'a removed user', createdAt: formatDateTime(row.createdAt) }))} />
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-6 text-sm">
          <h2 className="mb-1 text-lg font-semibold">Run limits</h2>
          <p className="mb-4 text-slate-600">Set with environment variables at start (README, “Security”).</p>
          <table className="w-full" aria-label="Run limits">
            <tbody className="divide-y divide-slate-100">
              {limitRows.map(([label, value, env]) => (
                <tr key={env}><th scope="row" className="py-2 text-left font-normal text-slate-600">{label}</th><td className="py-2 text-right font-medium tabular-nums">{value}</td><td className="py-2 pl-3 text-right font-mono text-xs text-slate-500">{env}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="mt-6 rounded-xl border border-slate-200 bg-white p-6 text-sm">
        <h2 className="mb-1 text-lg font-semibold">Webhooks</h2>
        <p className="mb-4 text-slate-600">
          Posted when a run finishes, a threshold fails or a benchmark run is a regression: a Slack-compatible message or the event as JSON.
          A failed delivery is retried 6 times, waiting 5 s, 10 s, 20 s… (at most 10 min).
        </p>
        <Webhooks hooks={hooks} />
        <h3 className="mt-6 mb-2 font-semibold">Deliveries</h3>
        {deliveries.length === 0 ? (
          <p className="text-slate-500">Nothing sent yet.</p>
        ) : (
          <table className="w-full" aria-label="Webhook deliveries">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-2">When</th><th className="py-2">Webhook</th><th className="py-2">Event</th><th className="py-2">Run</th><th className="py-2">Status</th><th className="py-2 text-right">Attempts</th><th className="py-2 pl-3">Last answer</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((d) => (
                <tr key={d.id} className="align-top">
                  <td className="py-2 pr-3 whitespace-nowrap text-slate-600">{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</td>
                  <td className="py-2 pr-3">{d.webhook.name} <span className="font-mono text-xs text-slate-500">{d.webhook.host}</span></td>
                  <td className="py-2 pr-3 font-mono text-xs">{d.event}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{d.runId && <a href={`/runs/${d.runId}`} className="text-indigo-700 hover:underline">{d.runId}</a>}</td>
                  <td className={`py-2 pr-3 font-medium ${d.status === 'delivered' ? 'text-emerald-700' : d.status === 'failed' ? 'text-red-700' : 'text-amber-700'}`}>{d.status}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{d.attempts}</td>
                  <td className="py-2 pl-3 text-xs text-slate-600">{d.responseStatus ? `HTTP ${d.responseStatus}` : ''}{d.error ? `${d.responseStatus ? ' · ' : ''}${d.error}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="mt-6 rounded-xl border border-slate-200 bg-white p-6 text-sm">
        <h2 className="mb-1 text-lg font-semibold">Audit log</h2>
        <p className="mb-4 text-slate-600">Runs edited and deleted, newest first (the latest 100).</p>
        {audit.length === 0 ? (
          <p className="text-slate-500">Nothing yet.</p>
        ) : (
          <table className="w-full" aria-label="Audit log">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-2">When</th><th className="py-2">Who</th><th className="py-2">What</th><th className="py-2">Details</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {audit.map((event) => (
                <tr key={event.id} className="align-top">
                  <td className="py-2 pr-3 whitespace-nowrap text-slate-600">{formatDateTime(event.at)}</td>
                  <td className="py-2 pr-3">{event.userEmail}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{event.action} <span className="font-mono">{event.subject}</span></td>
                  <td className="py-2 text-xs break-all text-slate-600">
                    {describeAuditDetail(event.action, event.detail).map((line) => (
                      <span key={line} className="block">{line}</span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
