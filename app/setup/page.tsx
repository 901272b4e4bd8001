import { redirect } from 'next/navigation';
import { CredentialsForm } from '@/components/auth/credentials-form';
import { adminExists } from '@/lib/auth/users';
import { createFirstAdminAction } from '@/lib/actions/sign-in';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'First run' };

/** Shown only until an admin exists; afterwards it sends everyone to sign in. */
export default async function SetupPage() {
  if (await adminExists()) redirect('/sign-in');
  return (
    <div className="mx-auto mt-12 max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Create the first admin</h1>
      <p className="mb-4 text-sm text-slate-600">
        This screen disappears once an admin exists. Admins add the other users (viewers, operators, admins) on the Users page.
        To skip it on a new server, start with <code>ADMIN_EMAIL</code> and <code>ADMIN_PASSWORD</code> set.
      </p>
      <CredentialsForm
        action={createFirstAdminAction}
        submit="Create admin and sign in"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'username' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: 'At least 12 characters.' },
          { name: 'confirm', label: 'Password again', type: 'password', autoComplete: 'new-password' },
        ]}
      />
    </div>
  );
}
