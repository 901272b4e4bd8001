'use client';

import { ErrorScreen } from '@/components/errors/error-screen';

/** A page that failed, inside the app's frame (header and navigation still there). */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorScreen error={error} retry={retry} />;
}
