import type { Role } from '@/lib/auth/roles';

/** What a signed-in user sees on a page their role does not open. */
export function Forbidden({ role, needed, doing }: { role: Role; needed: Role; doing: string }) {
  return (
    <div role="alert" className="mx-auto mt-8 max-w-xl rounded-xl border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900">
      <p className="font-semibold">Your role ({role}) cannot {doing}.</p>
      <p className="mt-1">It needs the {needed} role; ask an admin to change yours on the Users page.</p>
    </div>
  );
}
