import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';

export const metadata = { title: 'Compare' };

export default function ComparePage() {
  return (
    <>
      <PageHeader
        title="Compare"
        description="Runs side by side: the same gateway at 2 vs 4 instances, version A vs version B, gateway X vs gateway Y."
      />
      <EmptyState title="Nothing to compare yet" action={{ href: '/runs', label: 'Go to Runs' }}>
        Select two or more finished runs in the run history and press Compare. The comparison&apos;s address holds the
        whole selection, so it can be shared as a link.
      </EmptyState>
    </>
  );
}
