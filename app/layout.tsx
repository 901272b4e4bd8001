import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { Providers } from '@/components/providers';
import { currentPrincipal } from '@/app/auth';
import { signOutAction } from '@/lib/actions/sign-in';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Gateway Bench', template: '%s · Gateway Bench' },
  description: 'Benchmark history, comparison and capacity planning for LLM gateways.',
  icons: { icon: [{ url: '/favicon.svg', type: 'image/svg+xml' }, { url: '/favicon.ico', sizes: '16x16 32x32 48x48' }], apple: '/apple-touch-icon.png' },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const me = await currentPrincipal();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="bg-slate-900">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-6 py-3">
            <Link href="/" className="flex items-center gap-2 text-white">
              <Image src="/logo.svg" alt="" width={28} height={28} priority />
              <span className="font-semibold tracking-tight">Gateway Bench</span>
            </Link>
            {me && <Nav admin={me.role === 'admin'} />}
            {me && (
              <div className="ml-auto flex items-center gap-3 text-sm text-slate-300">
                <Link href="/account" className="hover:text-white" title="Your account and API tokens">
                  {me.email} <span className="rounded bg-slate-700 px-1.5 py-0.5 text-xs">{me.role}</span>
                </Link>
                <form action={signOutAction}>
                  <button className="rounded-md px-2 py-1 text-slate-300 hover:bg-slate-800 hover:text-white">Sign out</button>
                </form>
              </div>
            )}
          </div>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
