import { EmptyState } from '@/components/empty-state';

export default function NotFound() {
  return (
    <EmptyState title="Page not found" action={{ href: '/runs', label: 'Go to Runs' }}>
      Nothing lives at this address. If it was a link to a run, the run may have been deleted.
    </EmptyState>
  );
}
