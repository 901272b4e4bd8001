'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const navItems = [
  { href: '/runs', label: 'Runs' },
  { href: '/runs/new', label: 'New run' },
  { href: '/benchmarks', label: 'Benchmarks' },
  { href: '/compare', label: 'Compare' },
  { href: '/capacity', label: 'Capacity' },
  { href: '/targets', label: 'Targets' },
  { href: '/workers', label: 'Workers' },
] as const;

const adminItems = [
  { href: '/users', label: 'Users' },
  { href: '/settings', label: 'Settings' },
] as const;

/** The active item is the longest href that prefixes the path (so /runs/new is not also "Runs"). */
function activeHref(pathname: string): string | undefined {
  return [...navItems, ...adminItems].map((item) => item.href as string)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}

export function Nav({ admin }: { admin: boolean }) {
  const active = activeHref(usePathname());
  const items = admin ? [...navItems, ...adminItems] : navItems;
  return (
    <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={active === item.href ? 'page' : undefined}
          className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
            active === item.href ? 'bg-slate-700 text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'
          }`}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
