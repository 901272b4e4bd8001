import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { RunsTable } from '@/components/runs-table';
import { listRecentRuns } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Runs' };

export default async function RunsPage() {
  const runs = await listRecentRuns(100);
  return (
    <>
      <PageHeader title="Runs" description="Every benchmark run with its labels and headline metrics, newest first." />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet" action={{ href: '/runs/new', label: 'Start a run' }}>
          A run sends load to a target and keeps its results here: requests, failures, latency percentiles, TTFT and
          gateway overhead. Start one, and label it with the gateway, version and instance count you measured.
        </EmptyState>
      ) : (
        <RunsTable runs={runs} />
      )}
    </>
  );
}
