import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';

export const metadata = { title: 'Capacity' };

export default function CapacityPage() {
  return (
    <>
      <PageHeader
        title="Capacity"
        description="How many instances a target RPS needs, how much concurrency that means (latency × QPS × (1 + headroom)), and the PostgreSQL and Redis sizing that goes with it."
      />
      <EmptyState title="The planner needs measured runs" action={{ href: '/runs/new', label: 'Start a run' }}>
        Capacity is worked out from runs at one or more instance counts. Record a few runs of your gateway first; the
        planner itself is not in this version yet.
      </EmptyState>
    </>
  );
}
