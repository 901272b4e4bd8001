'use client';

import { useEffect, useState } from 'react';

type Diagnosis = 'checking' | 'database-down' | 'other' | 'browser';

/**
 * What a page shows when it failed. Server errors reach the browser without their message
 * (only a digest), so the screen asks /api/health — which answers within 2 s even when the
 * database is frozen — to tell "the database is not answering" apart from anything else.
 */
export function ErrorScreen({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && error.digest ? String(error.digest) : undefined;
  // No digest: it failed in the browser (typically a script of an older build after an upgrade).
  const [diagnosis, setDiagnosis] = useState<Diagnosis>(digest ? 'checking' : 'browser');

  useEffect(() => {
    if (!digest) return;
    let current = true;
    fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(5000) })
      .then(async (response) => {
        const health = (await response.json().catch(() => undefined)) as { database?: { status?: string } } | undefined;
        if (current) setDiagnosis(health?.database?.status === 'up' ? 'other' : 'database-down');
      })
      .catch(() => current && setDiagnosis('database-down'));
    return () => void (current = false);
  }, [digest]);

  if (diagnosis === 'browser') {
    return (
      <section role="alert" className="mx-auto max-w-xl rounded-xl border border-amber-300 bg-amber-50 px-8 py-10 text-center">
        <h1 className="text-lg font-semibold text-amber-900">This page failed in your browser</h1>
        <p className="mt-2 text-sm leading-6 text-amber-900">
          {error instanceof Error && /ChunkLoad|Loading chunk/i.test(`${error.name} ${error.message}`)
            ? 'Part of the page could not be loaded, usually because the app was updated while this tab was open. Reloading fetches the current version.'
            : `${error instanceof Error ? error.message : String(error)}. Reloading usually helps; if it does not, the browser console has the details.`}
        </p>
        <button type="button" onClick={() => window.location.reload()} className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          Reload the page
        </button>
      </section>
    );
  }

  return (
    <section role="alert" className="mx-auto max-w-xl rounded-xl border border-amber-300 bg-amber-50 px-8 py-10 text-center">
      {diagnosis === 'database-down' ? (
        <>
          <h1 className="text-lg font-semibold text-amber-900">The database is not answering</h1>
          <p className="mt-2 text-sm leading-6 text-amber-900">
            Gateway Bench keeps everything in PostgreSQL, and it did not reply in time. Runs in progress keep measuring and
            write their results once it is back. Check that the database server is running (the start script&apos;s output and{' '}
            <a className="underline" href="/api/health">/api/health</a> say more), then try again.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold text-amber-900">{diagnosis === 'checking' ? 'This page could not be shown' : 'Something went wrong on the server'}</h1>
          <p className="mt-2 text-sm leading-6 text-amber-900">
            {diagnosis === 'checking' ? 'Checking whether the database answers…' : 'The database answers, so this is a fault in the app. The server log has the details.'}
            {digest && <span className="mt-1 block font-mono text-xs">error reference {digest}</span>}
          </p>
        </>
      )}
      <button type="button" onClick={() => retry()} className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
        Try again
      </button>
    </section>
  );
}
