'use client';

import { ErrorScreen } from '@/components/errors/error-screen';
import './globals.css';

/** The frame itself failed (it reads who is signed in, so a database that does not answer lands here). */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Not available · Gateway Bench</title>
        <header className="bg-slate-900 px-6 py-3 font-semibold tracking-tight text-white">Gateway Bench</header>
        <main className="mx-auto max-w-7xl px-6 py-8">
          <ErrorScreen error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
