import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requestOrigin } from '@/app/request-origin';
import { requireSignedIn } from '@/app/auth';
import { RunView, p95LimitFrom } from '@/components/runs/run-view';
import { RunDetailsForm } from '@/components/runs/run-details-form';
import { SharePanel } from '@/components/shares/share-panel';
import { hasRole } from '@/lib/auth/roles';
import { getRun, getRunHistograms, getRunPoints } from '@/lib/runs/queries';
import { listShareLinks } from '@/lib/shares/links';
import { cancelRun, runAgain } from '@/lib/actions/runs';
import { RunBenchmarkPanel } from '@/components/benchmarks/run-benchmark-panel';
import { SaveAsBenchmarkForm } from '@/components/benchmarks/benchmark-forms';
import { getPrisma } from '@/lib/db/client';
import { parseStoredRegression } from '@/lib/benchmarks/stored';
import { runName } from '@/lib/runs/names';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id}`, metadataBase: await requestOrigin(), openGraph: { title: `Gateway Bench run ${id}`, images: [{ url: `/api/og/runs/${id}`, width: 1200, height: 630 }] } };
}

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ notice?: string; p95?: string }> }) {
  const { id } = await params;
  const query = await searchParams;
  const me = await requireSignedIn(`/runs/${id}`, query);
  const run = await getRun(id);
  if (!run) notFound();
  const operator = hasRole(me.role, 'operator');
  const [points, histograms, shares, origin] = await Promise.all([getRunPoints(id), getRunHistograms(id), operator ? listShareLinks({ runId: id }, me) : [], requestOrigin()]);
  const active = run.status === 'queued' || run.status === 'running';
  const benchmark = run.benchmarkId ? await getPrisma().benchmark.findUnique({ where: { id: run.benchmarkId }, select: { id: true, name: true } }) : null;
  const canSave = operator && !active && !benchmark && !run.sweepId && !run.experimentId && run.targetId && run.status === 'completed';
  return (
    <RunView
      run={run}
      points={points}
      histograms={histograms}
      p95Limit={p95LimitFrom(query.p95)}
      notice={typeof query.notice === 'string' ? query.notice : undefined}
      stageHref={(stage) => `/runs/${stage}`}
      liveUrl={`/api/runs/${run.id}/live`}
      benchmark={
        benchmark ? (
          <RunBenchmarkPanel benchmark={benchmark} regression={parseStoredRegression(run.regression)} />
        ) : (
          canSave && (
            <details className="mb-4 rounded-xl border border-slate-200 bg-white p-4 text-sm">
              <summary className="cursor-pointer font-medium">Save as benchmark</summary>
              <div className="mt-3"><SaveAsBenchmarkForm runId={run.id} suggestedName={runName(run)} /></div>
            </details>
          )
        )
      }
      share={operator && <SharePanel subject={{ kind: 'run', runId: run.id }} origin={origin.origin} me={me} links={shares} />}
      corrections={
        operator && !active && (
          <RunDetailsForm
            initial={{
              id: run.id,
              title: run.title ?? '',
              notes: run.notes ?? '',
              gatewayName: run.gatewayName ?? '',
              gatewayVersion: run.gatewayVersion ?? '',
              instanceCount: run.instanceCount?.toString() ?? '',
              machineCpus: run.machineCpus?.toString() ?? '',
              machineRamGb: run.machineRamGb?.toString() ?? '',
              usesPostgres: run.usesPostgres === null ? '' : run.usesPostgres ? 'yes' : 'no',
              usesRedis: run.usesRedis === null ? '' : run.usesRedis ? 'yes' : 'no',
              tags: run.tags.join(', '),
            }}
            canDelete={hasRole(me.role, 'admin') || run.createdById === me.id}
            stages={Math.max(1, run.sweep.length)}
          />
        )
      }
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <a href={`/api/runs/${run.id}/export?format=csv`} download className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">CSV</a>
          <a href={`/api/runs/${run.id}/export?format=json`} download className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">JSON</a>
          {!active && <a href={`/api/runs/${run.id}/export?format=html`} download className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50" title="One HTML file that opens offline: tables, charts and the data">HTML report</a>}
          {operator &&
            (active ? (
              <form action={cancelRun}>
                <input type="hidden" name="id" value={run.id} />
                <button className="rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50">Cancel run</button>
              </form>
            ) : run.importedFrom ? null : (
              <form action={runAgain}>
                <input type="hidden" name="id" value={run.id} />
                <button className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">Run again</button>
              </form>
            ))}
        </div>
      }
    />
  );
}
