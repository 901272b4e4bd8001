import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/auth';
import { requestOrigin } from '@/app/request-origin';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { ExperimentView } from '@/components/experiments/experiment-view';
import { SharePanel } from '@/components/shares/share-panel';
import { cancelExperiment } from '@/lib/actions/runs';
import { hasRole } from '@/lib/auth/roles';
import { getExperiment } from '@/lib/experiments/queries';
import { isRunId } from '@/lib/runs/run-id';
import { listShareLinks } from '@/lib/shares/links';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Experiment ${id}` };
}

export default async function ExperimentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const query = await searchParams;
  const me = await requireSignedIn(`/experiments/${id}`, query);
  if (!isRunId(id)) notFound();
  const experiment = await getExperiment(id);
  if (!experiment) notFound();
  const operator = hasRole(me.role, 'operator');
  const active = experiment.status === 'queued' || experiment.status === 'running';
  const [shares, origin] = await Promise.all([operator ? listShareLinks({ experimentId: id }, me) : [], requestOrigin()]);
  return (
    <>
      <AutoRefresh active={active} />
      <ExperimentView
        experiment={experiment}
        runHref={(runId) => `/runs/${runId}`}
        share={operator && <SharePanel subject={{ kind: 'experiment', experimentId: id }} origin={origin.origin} me={me} links={shares} />}
        actions={
          <div className="flex items-center gap-2 text-sm">
            <a href={`/api/experiments/${id}/export?format=json`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Export JSON</a>
            <a href={`/api/experiments/${id}/export?format=csv`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Export CSV</a>
            {!active && <a href={`/api/experiments/${id}/export?format=html`} download className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50" title="One HTML file that opens offline: the answer, its table, every run">HTML report</a>}
            {operator && active && (
              <form action={cancelExperiment}>
                <input type="hidden" name="id" value={id} />
                <button className="rounded-md border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50">Cancel</button>
              </form>
            )}
          </div>
        }
      />
    </>
  );
}
