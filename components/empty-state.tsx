import Link from 'next/link';
import type { ReactNode } from 'react';

/** What a page shows when it has nothing yet: what this place is for and the next step. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: { href: string; label: string };
}) {
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white px-8 py-12 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      <div className="mx-auto mt-2 max-w-xl text-sm leading-6 text-slate-600">{children}</div>
      {action && (
        <Link
          href={action.href}
          className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          {action.label}
        </Link>
      )}
    </section>
  );
}
