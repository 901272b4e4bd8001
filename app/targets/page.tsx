import { requireSignedIn } from '@/app/auth';
import { hasRole } from '@/lib/auth/roles';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { TargetForm } from '@/components/targets/target-form';
import { TargetRow } from '@/components/targets/target-row';
import { BUILTIN_MOCK_NAME } from '@/lib/mock/builtin-name';
import { flavourFromDb, storedHeaders } from '@/lib/targets/endpoint';
import { listTargets } from '@/lib/targets/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Targets' };

const headerLines = (headers: unknown) =>
  Object.entries(storedHeaders(headers))
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

export default async function TargetsPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const me = await requireSignedIn('/targets');
  const { notice } = await searchParams;
  const canEdit = hasRole(me.role, 'operator');
  const targets = await listTargets();
  const upstreams = targets.map((t) => ({ id: t.id, name: t.name }));
  return (
    <>
      <PageHeader
        title="Targets"
        description="The endpoints runs are sent to: an OpenAI-compatible gateway or service, or any HTTP endpoint. API keys are write-only."
      />
      {typeof notice === 'string' && <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{notice}</p>}
      {targets.length === 0 ? (
        <EmptyState title="No targets yet">Add the gateway you want to measure below.</EmptyState>
      ) : (
        <ul className="grid gap-3" aria-label="Targets">
          {targets.map((target) => (
            <TargetRow
              key={target.id}
              builtin={target.name === BUILTIN_MOCK_NAME}
              canEdit={canEdit}
              upstreams={upstreams}
              target={{
                id: target.id,
                name: target.name,
                baseUrl: target.baseUrl,
                apiFlavour: flavourFromDb(target.apiFlavour),
                defaultModel: target.defaultModel ?? '',
                headers: headerLines(target.extraHeaders),
                keyHeader: target.apiKeyHeader ?? '',
                hasApiKey: target.hasApiKey,
                hasSecretHeaders: target.hasSecretHeaders,
                overheadHeader: target.overheadHeader ?? '',
                upstreamId: target.upstreamId ?? '',
              }}
            />
          ))}
        </ul>
      )}
      {canEdit ? (
        <section className="mt-8 rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="mb-4 text-lg font-semibold">Add a target</h2>
          <TargetForm upstreams={upstreams} />
        </section>
      ) : (
        <p className="mt-6 text-sm text-slate-600">Your role ({me.role}) can read targets; adding, editing and testing them needs operator.</p>
      )}
    </>
  );
}
