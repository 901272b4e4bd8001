import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { formatDateTime } from '@/lib/format';
import { listTargets } from '@/lib/targets/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Targets' };

export default async function TargetsPage() {
  const targets = await listTargets();
  return (
    <>
      <PageHeader title="Targets" description="The endpoints runs are sent to, with their API flavour, model and headers." />
      {targets.length === 0 ? (
        <EmptyState title="No targets yet">
          A target is an OpenAI-compatible endpoint (chat, completions or embeddings) or any HTTP endpoint, with the
          headers a gateway needs and an API key that is never shown again once saved. Editing targets in the browser
          is not in this version yet.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Base URL</th>
                <th className="px-4 py-2">API</th>
                <th className="px-4 py-2">Model</th>
                <th className="px-4 py-2">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {targets.map((target) => (
                <tr key={target.id}>
                  <td className="px-4 py-2 font-medium">{target.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{target.baseUrl}</td>
                  <td className="px-4 py-2">{target.apiFlavour.replace('_', '-')}</td>
                  <td className="px-4 py-2">{target.defaultModel ?? '—'}</td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">{formatDateTime(target.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
