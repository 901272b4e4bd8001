import Link from 'next/link';
import { requireSignedIn } from '@/app/auth';
import { PageHeader } from '@/components/page-header';
import { HistoryTable } from '@/components/runs/history-table';
import { historySortLinks, listRuns, parseHistoryFilter } from '@/lib/runs/history';
import { listTargets } from '@/lib/targets/queries';
import { recentRegressions } from '@/lib/benchmarks/queries';
import { formatDateTime } from '@/lib/format';

export const dynamic = 'force-dynamic';

const steps = [
  {
    title: 'Add a target',
    body: 'The OpenAI-compatible endpoint to measure: a LiteLLM or Portkey proxy, vLLM, or your own service.',
    href: '/targets',
  },
  {
    title: 'Start a run',
    body: 'Closed (users, spawn rate, think time) or open (arrival rate) load, labelled with gateway, version and instance count.',
    href: '/runs/new',
  },
  {
    title: 'Compare and plan',
    body: 'Put runs side by side, then work out how many instances a target RPS needs.',
    href: '/compare',
  },
];

export default async function HomePage() {
  await requireSignedIn('/');
  const filter = parseHistoryFilter({});
  const [{ runs: latest }, targets, regressions] = await Promise.all([listRuns(filter), listTargets(), recentRegressions()]);
  const runs = latest.slice(0, 10);
  return (
    <>
      <PageHeader
        title="Overview"
        description="Benchmark history, comparison and capacity planning for LLM gateways. Every run and its results are kept in PostgreSQL."
      />
      {runs.length === 0 ? (
        <section aria-labelledby="getting-started">
          <h2 id="getting-started" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">
            Getting started
          </h2>
          <ol className="grid gap-4 md:grid-cols-3">
            {steps.map((step, index) => (
              <li key={step.title} className="rounded-xl border border-slate-200 bg-white p-5">
                <div className="flex items-center gap-3">
                  <span className="grid h-7 w-7 place-items-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700">
                    {index + 1}
                  </span>
                  <Link href={step.href} className="font-semibold text-slate-900 hover:text-indigo-700">
                    {step.title}
                  </Link>
                </div>
                <p className="mt-2 text-sm leading-6 text-slate-600">{step.body}</p>
              </li>
            ))}
          </ol>
          <p className="mt-6 text-sm text-slate-600">
            {targets.length === 0
              ? 'No targets and no runs yet.'
              : `${targets.length} target${targets.length === 1 ? '' : 's'} saved, no runs yet.`}
          </p>
        </section>
      ) : (
        <>
        {regressions.length > 0 && (
          <section aria-labelledby="regressions" className="mb-6 rounded-xl border border-red-200 bg-red-50 p-4">
            <h2 id="regressions" className="mb-2 text-lg font-semibold text-red-900">Regressions in the last 30 days</h2>
            <ul className="grid gap-1 text-sm text-red-950">
              {regressions.map((r) => (
                <li key={r.id}>
                  <Link href={`/runs/${r.id}`} className="font-medium underline">{r.name}</Link>
                  {r.benchmark && <> of <Link href={`/benchmarks/${r.benchmark.id}`} className="underline">{r.benchmark.name}</Link></>}
                  {' '}({formatDateTime(r.createdAt)}): {r.regression?.summary ?? 'a regression against its history'}
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="recent-runs">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="recent-runs" className="text-lg font-semibold">Recent runs</h2>
            <Link href="/runs" className="text-sm text-indigo-700 hover:underline">All runs →</Link>
          </div>
          <HistoryTable runs={runs} columns={historySortLinks(filter)} />
        </section>
        </>
      )}
    </>
  );
}
