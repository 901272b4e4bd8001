import { redirect } from 'next/navigation';
import { currentPrincipal } from '@/app/auth';
import { safeNext } from '@/lib/auth/safe-next';
import { CredentialsForm } from '@/components/auth/credentials-form';
import { adminExists } from '@/lib/auth/users';
import { signInAction } from '@/lib/actions/sign-in';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNext((await searchParams).next);
  if (await currentPrincipal()) redirect(next);
  if (!(await adminExists())) redirect('/setup');
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-4 text-sm text-slate-600">Runs, comparisons and targets are visible to signed-in users only.</p>
      <CredentialsForm
        action={signInAction}
        submit="Sign in"
        hidden={{ next }}
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'username' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
        ]}
      />
      <p className="mt-4 text-xs text-slate-500">No account? Ask an admin: they add users on the Users page.</p>
    </div>
  );
}
