import { requireSignedIn } from '@/app/auth';
import { Forbidden } from '@/components/forbidden';
import { hasRole } from '@/lib/auth/roles';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { RunForm } from '@/components/runs/run-form';
import { getLabelSuggestions } from '@/lib/runs/queries';
import { listTargets } from '@/lib/targets/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New run' };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireSignedIn('/runs/new', await searchParams);
  if (!hasRole(me.role, 'operator')) return <Forbidden role={me.role} needed="operator" doing="start runs" />;
  const [targets, suggestions, params] = await Promise.all([listTargets(), getLabelSuggestions(), searchParams]);
  const initial = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return (
    <>
      <PageHeader title="New run" description="Send load to a target and record the results. Every field has a sane default; labels say what you measured, so runs can be compared later." />
      {targets.length === 0 ? (
        <EmptyState title="Add a target first" action={{ href: '/targets', label: 'Go to Targets' }}>
          A run needs somewhere to send requests: the base URL of an OpenAI-compatible endpoint, its API flavour and
          model. Save one under Targets, then come back here.
        </EmptyState>
      ) : (
        <RunForm targets={targets.map((t) => ({ id: t.id, name: t.name, defaultModel: t.defaultModel, upstreamName: targets.find((u) => u.id === t.upstreamId)?.name ?? null }))} suggestions={suggestions} initial={initial} />
      )}
    </>
  );
}
