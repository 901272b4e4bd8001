import type { Metadata } from 'next';
import { currentPrincipal, requireSignedIn } from '@/app/auth';
import { requestOrigin } from '@/app/request-origin';
import { ComparisonView } from '@/components/compare/comparison-view';
import { p95LimitFrom } from '@/components/runs/run-view';
import { SharePanel } from '@/components/shares/share-panel';
import { hasRole } from '@/lib/auth/roles';
import { listShareLinks } from '@/lib/shares/links';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { compareParamsSchema, comparisonHeadline } from '@/lib/compare/queries';
import { comparisonData } from '@/app/cached-reads';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const { runs, baseline } = await searchParams;
  if (typeof runs !== 'string') return { title: 'Compare' };
  const query = new URLSearchParams({ runs, ...(typeof baseline === 'string' ? { baseline } : {}) });
  const parsed = compareParamsSchema.safeParse({ runs, baseline });
  // Run names and results only for someone signed in (the page itself redirects the others).
  const headline = parsed.success && (await currentPrincipal()) ? comparisonHeadline(await comparisonData(parsed.data.runs.join(',')), parsed.data.baseline, 'member') : null;
  const title = headline?.title ?? 'Gateway Bench comparison';
  return { title: headline ? `Compare: ${headline.title}` : 'Compare', description: headline?.summary, metadataBase: await requestOrigin(), openGraph: { title, description: headline?.summary, images: [{ url: `/api/og/compare?${query}`, width: 1200, height: 630 }] } };
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireSignedIn('/compare', await searchParams);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const header = <PageHeader title="Compare" description="Runs side by side: the same gateway at 2 vs 4 instances, version A vs version B, gateway X vs gateway Y. The address is the whole comparison: share it." />;
  if (!raw.runs) {
    return (
      <>
        {header}
        <EmptyState title="Nothing to compare yet" action={{ href: '/runs', label: 'Go to Runs' }}>
          Select two or more finished runs in the run history and press Compare. The comparison&apos;s address holds the whole selection, so it can be shared as a link.
        </EmptyState>
      </>
    );
  }
  const parsed = compareParamsSchema.safeParse(raw);
  if (!parsed.success) {
    return (
      <>
        {header}
        <EmptyState title="This comparison cannot be shown" action={{ href: '/runs', label: 'Pick runs' }}>{parsed.error.issues[0].message}.</EmptyState>
      </>
    );
  }
  const data = await comparisonData(parsed.data.runs.join(','));
  if (data.runs.length < 2) {
    return (
      <>
        {header}
        <EmptyState title="Not enough of these runs exist" action={{ href: '/runs', label: 'Pick runs' }}>
          {data.missing.length ? `No run ${data.missing.join(', ')}; it may have been deleted.` : ''}
        </EmptyState>
      </>
    );
  }
  const operator = hasRole(me.role, 'operator');
  const origin = (await requestOrigin()).origin;
  const shares = operator ? await listShareLinks({ comparison: data.runs.map((r) => r.id) }, me) : [];
  return (
    <ComparisonView
      header={header}
      data={data}
      baseline={parsed.data.baseline}
      p95Limit={p95LimitFrom(raw.p95)}
      runHref={(id) => `/runs/${id}`}
      baselineHref={(ids, baseline) => `/compare?runs=${ids}&baseline=${baseline}`}
      exportHref={(ids, baseline, format) => `/api/compare/export?runs=${ids}&baseline=${baseline}&format=${format}`}
      share={operator ? (baselineId) => <SharePanel subject={{ kind: 'comparison', runs: data.runs.map((r) => r.id).join(','), baseline: baselineId }} origin={origin} me={me} links={shares} /> : undefined}
    />
  );
}
