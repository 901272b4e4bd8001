import { requireSignedIn } from '@/app/auth';
import { sessionToken } from '@/lib/actions/request-context';
import { Sessions } from '@/components/auth/sessions';
import { listUserSessions } from '@/lib/auth/sessions';
import { ApiTokens } from '@/components/auth/api-tokens';
import { CredentialsForm } from '@/components/auth/credentials-form';
import { PageHeader } from '@/components/page-header';
import { listApiTokens } from '@/lib/auth/api-tokens';
import { ROLE_ABILITIES } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format';
import { changePassword } from '@/lib/actions/account';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Account' };

export default async function AccountPage() {
  const me = await requireSignedIn('/account');
  const [tokens, sessions] = await Promise.all([listApiTokens(me.id), listUserSessions(me.id, await sessionToken())]);
  return (
    <>
      <PageHeader title="Account" description={`${me.email} · ${me.role}: ${ROLE_ABILITIES[me.role]}.`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="mb-4 text-lg font-semibold">Change password</h2>
          <CredentialsForm
            action={changePassword}
            submit="Change password"
            fields={[
              { name: 'current', label: 'Current password', type: 'password', autoComplete: 'current-password' },
              { name: 'password', label: 'New password', type: 'password', autoComplete: 'new-password', hint: 'At least 12 characters.' },
              { name: 'confirm', label: 'New password again', type: 'password', autoComplete: 'new-password' },
            ]}
          />
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="mb-4 text-lg font-semibold">Sessions</h2>
          <Sessions sessions={sessions.map((s) => ({ createdAt: formatDateTime(s.createdAt), expiresAt: formatDateTime(s.expiresAt), current: s.current }))} />
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="mb-1 text-lg font-semibold">API tokens</h2>
          <p className="mb-4 text-sm text-slate-600">
            For scripts and CI: <code className="text-xs">Authorization: Bearer gb_…</code> on <code className="text-xs">POST /api/runs</code> and the other API routes. A token acts with your role ({me.role}).
          </p>
          <ApiTokens tokens={tokens.map((t) => ({ id: t.id, name: t.name, createdAt: formatDateTime(t.createdAt), lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : null }))} />
        </section>
      </div>
    </>
  );
}
