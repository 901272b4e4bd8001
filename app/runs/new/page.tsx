import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { listTargets } from '@/lib/targets/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New run' };

export default async function NewRunPage() {
  const targets = await listTargets();
  return (
    <>
      <PageHeader title="New run" description="Send load to a target and record the results." />
      {targets.length === 0 ? (
        <EmptyState title="Add a target first" action={{ href: '/targets', label: 'Go to Targets' }}>
          A run needs somewhere to send requests: the base URL of an OpenAI-compatible endpoint, its API flavour and
          model. Save one under Targets, then come back here.
        </EmptyState>
      ) : (
        <EmptyState title="The run form is not in this version yet">
          {targets.length} target{targets.length === 1 ? ' is' : 's are'} saved. Starting runs from the browser comes
          with the load engine; until then this page has nothing to submit.
        </EmptyState>
      )}
    </>
  );
}
