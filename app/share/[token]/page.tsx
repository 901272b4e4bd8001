import type { Metadata } from 'next';
import { requestOrigin } from '@/app/request-origin';
import { ComparisonView } from '@/components/compare/comparison-view';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { RunView, p95LimitFrom } from '@/components/runs/run-view';
import { comparisonHeadline } from '@/lib/compare/queries';
import { comparisonData, experimentById } from '@/app/cached-reads';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { ExperimentView } from '@/components/experiments/experiment-view';
import { getRun, getRunHistograms, getRunPoints } from '@/lib/runs/queries';
import { resolveShare, sharedRunId } from '@/lib/shares/links';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const { token } = await params;
  const shared = await resolveShare(token);
  if (!shared) return { title: 'Link not available', robots: { index: false } };
  const experiment = shared.kind === 'experiment' ? await experimentById(shared.runIds[0]) : null;
  const comparison = shared.kind === 'comparison' ? comparisonHeadline(await comparisonData(shared.runIds.join(',')), shared.runIds[0], 'public') : null;
  const title =
    shared.kind === 'run'
      ? `Gateway Bench run ${shared.runIds[0]}`
      : experiment
        ? (experiment.title ?? experiment.result?.summary ?? `Gateway Bench experiment ${experiment.id}`)
        : (comparison?.title ?? `Gateway Bench comparison of ${shared.runIds.length} runs`);
  const description = experiment?.result?.summary ?? comparison?.summary;
  return { title, description, robots: { index: false }, metadataBase: await requestOrigin(), openGraph: { title, description, images: [{ url: `/api/share/${token}/og`, width: 1200, height: 630 }] } };
}

const readOnlyNote = <p className="mb-4 rounded-md border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">A read-only view opened by a share link. Its owner can revoke the link at any time.</p>;

/** What a share link opens, without an account: one run (with its sweep) or one comparison. */
export default async function SharePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ baseline?: string; p95?: string; stage?: string }> }) {
  const { token } = await params;
  const query = await searchParams;
  const shared = await resolveShare(token);
  if (!shared) {
    return (
      <EmptyState title="This link does not open anything" action={{ href: '/sign-in', label: 'Sign in' }}>
        It was revoked, or it was never a share link. Ask whoever sent it for a new one, or sign in to see runs.
      </EmptyState>
    );
  }
  if (shared.kind === 'experiment') {
    const experiment = await experimentById(shared.runIds[0]);
    if (!experiment) return <EmptyState title="This experiment was deleted">The shared experiment no longer exists.</EmptyState>;
    const active = experiment.status === 'queued' || experiment.status === 'running';
    return (
      <>
        <AutoRefresh active={active} />
        {readOnlyNote}
        <ExperimentView experiment={experiment} runHref={null} />
      </>
    );
  }
  if (shared.kind === 'run') {
    // A shared sweep opens on the stage it was shared from; its other stages are a click away.
    const run = await getRun(sharedRunId(shared, query.stage));
    if (!run) return <EmptyState title="This run was deleted">The shared run no longer exists.</EmptyState>;
    // Sweep stages created after the link was made are not part of it.
    run.sweep = run.sweep.filter((stage) => shared.runIds.includes(stage.id));
    const [points, histograms] = await Promise.all([getRunPoints(run.id), getRunHistograms(run.id)]);
    return (
      <>
        {readOnlyNote}
        <RunView audience="public" run={run} points={points} histograms={histograms} p95Limit={p95LimitFrom(query.p95)} stageHref={(id) => `/share/${token}?stage=${id}`} liveUrl={`/api/share/${token}/live?stage=${run.id}`} />
      </>
    );
  }
  const data = await comparisonData(shared.runIds.join(','));
  const header = <PageHeader title="Comparison" description="Runs side by side, against a baseline." />;
  if (data.runs.length < 2) return <EmptyState title="These runs were deleted">Fewer than two of the shared runs still exist.</EmptyState>;
  const baseline = typeof query.baseline === 'string' && shared.runIds.includes(query.baseline) ? query.baseline : shared.runIds[0];
  return (
    <>
      {readOnlyNote}
      <ComparisonView header={header} data={data} baseline={baseline} audience="public" baselineHref={(_ids, id) => `/share/${token}?baseline=${id}`} />
    </>
  );
}
