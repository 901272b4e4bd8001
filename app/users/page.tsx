import { requireSignedIn } from '@/app/auth';
import { UserRow } from '@/components/auth/user-row';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/page-header';
import { hasRole, ROLE_ABILITIES, ROLES } from '@/lib/auth/roles';
import { listUsers } from '@/lib/auth/users';
import { listAllApiTokens } from '@/lib/auth/api-tokens';
import { formatDateTime } from '@/lib/format';
import { UserTokens } from '@/components/auth/user-tokens';
import { addUser } from '@/lib/actions/users';
import { AddUserForm } from '@/components/auth/add-user-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await requireSignedIn('/users');
  if (!hasRole(me.role, 'admin')) return <Forbidden role={me.role} needed="admin" doing="manage users" />;
  const [users, tokens] = await Promise.all([listUsers(), listAllApiTokens()]);
  return (
    <>
      <PageHeader title="Users" description="Who may sign in, and what each may do. Disabling a user or setting their password signs them out everywhere; setting their password also revokes their API tokens." />
      <dl className="mb-6 grid gap-1 rounded-xl border border-slate-200 bg-white p-4 text-sm md:grid-cols-[max-content_1fr] md:gap-x-4">
        {ROLES.map((role) => (
          <div key={role} className="contents"><dt className="font-medium">{role}</dt><dd className="text-slate-600">{ROLE_ABILITIES[role]}</dd></div>
        ))}
      </dl>
      <ul className="mb-8 grid gap-2" aria-label="Users">
        {users.map((user) => (
          <UserRow key={user.id} user={{ id: user.id, email: user.email, role: user.role, disabled: !!user.disabledAt }} self={user.id === me.id} />
        ))}
      </ul>
      <UserTokens tokens={tokens.map((t) => ({ id: t.id, name: t.name, email: t.user.email, createdAt: formatDateTime(t.createdAt), lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never' }))} />
      <section className="max-w-xl rounded-xl border border-slate-200 bg-white p-6">
        <h2 className="mb-4 text-lg font-semibold">Add a user</h2>
        <AddUserForm action={addUser} />
      </section>
    </>
  );
}
