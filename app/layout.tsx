import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Gateway Bench', template: '%s · Gateway Bench' },
  description: 'Benchmark history, comparison and capacity planning for LLM gateways.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="bg-slate-900">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-6 px-6 py-3">
            <Link href="/" className="flex items-center gap-2 text-white">
              <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-500 text-xs font-bold">GB</span>
              <span className="font-semibold tracking-tight">Gateway Bench</span>
            </Link>
            <Nav />
          </div>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
