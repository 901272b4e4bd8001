/**
 * A run's page body: header, banners, sweep, summary, distributions, failures, live charts,
 * labels and configuration. Rendered for signed-in users (app/runs/[id]) and, read-only,
 * for share links (app/share/[token]).
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { PageHeader } from '@/components/page-header';
import { StreamingTable } from '@/components/runs/streaming-table';
import { CapacitySection } from '@/components/runs/capacity-section';
import { ThresholdsTable } from '@/components/runs/thresholds-table';
import { WorkerSeries } from '@/components/runs/worker-series';
import { PercentileChart } from '@/components/runs/percentile-chart';
import { RunLive } from '@/components/runs/run-live';
import { StatusBadge } from '@/components/status-badge';
import { SummaryTable } from '@/components/runs/summary-table';
import { SweepChart } from '@/components/runs/sweep-chart';
import { StageTable } from '@/components/runs/stage-table';
import { RateLimitSummary } from '@/components/runs/rate-limit-summary';
import { ValidityNote } from '@/components/runs/validity-note';
import { ImportedSection } from '@/components/imports/imported-section';
import { toolName } from '@/lib/imports/types';
import { formatCount, formatDateTime, formatRps } from '@/lib/format';
import { decodeHistogram, percentileCurve } from '@/lib/runner/metrics/histogram';
import type { RunDetail, RunPointRow } from '@/lib/runs/queries';
import { findKnee } from '@/lib/runs/sweep';

const BANNERS: Record<string, string> = {
  failed: 'border-red-200 bg-red-50 text-red-900',
  cancelled: 'border-amber-200 bg-amber-50 text-amber-900',
  interrupted: 'border-orange-200 bg-orange-50 text-orange-900',
};

export const DEFAULT_P95_LIMIT_MS = 500;

export function p95LimitFrom(value: unknown): number {
  return Number(value) > 0 && Number(value) < 1e7 ? Number(value) : DEFAULT_P95_LIMIT_MS;
}

export interface RunViewProps {
  run: RunDetail;
  points: RunPointRow[];
  histograms: Record<string, string>;
  p95Limit: number;
  notice?: string;
  actions?: ReactNode;
  share?: ReactNode;
  /** Where a sweep stage links to. */
  stageHref: (id: string) => string;
  /** The live-updates endpoint (seconds after ?after=). */
  liveUrl: string;
  /** The edit and delete panel (people who may correct the run). */
  corrections?: ReactNode;
  /** The benchmark this run is a point of, with its verdict (or the form to save one). */
  benchmark?: ReactNode;
  /** A share link's holder sees results and labels only: no target name, URL, address or headers. */
  audience?: 'member' | 'public';
}

export function RunView({ run, points, histograms, p95Limit, notice, actions, share, stageHref, liveUrl, corrections, benchmark, audience = 'member' }: RunViewProps) {
  const { config, report } = run;
  const active = run.status === 'queued' || run.status === 'running';
  const labels = [
    ['Gateway', [run.gatewayName, run.gatewayVersion].filter(Boolean).join(' ')],
    ['Instances', run.instanceCount],
    ['Machine', [run.machineCpus && `${run.machineCpus} CPU`, run.machineRamGb && `${run.machineRamGb} GB`].filter(Boolean).join(' / ')],
    ['PostgreSQL', run.usesPostgres === null ? '' : run.usesPostgres ? 'yes' : 'no'],
    ['Redis', run.usesRedis === null ? '' : run.usesRedis ? 'yes' : 'no'],
  ].filter(([, value]) => value !== '' && value !== null && value !== undefined);

  return (
    <>
      <PageHeader
        title={run.title ? `${run.title} (run ${run.id})` : `Run ${run.id}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={run.status} /> {audience === 'member' && `${run.targetName} · `}{run.stageLabel} · started {formatDateTime(run.startedAt ?? run.createdAt)}
          </span>
        }
        actions={actions}
      />
      {share}
      {corrections}
      {notice && <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{notice}</p>}
      {run.experimentId && audience === 'member' && (
        <p className="mb-4 rounded-md border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          One run of experiment{' '}
          <Link href={`/experiments/${run.experimentId}`} className="font-medium underline">
            {run.experimentId}
          </Link>
          {' '}(arm {String.fromCharCode(65 + (run.experimentArm ?? 0))}, round {(run.experimentRound ?? 0) + 1}): its page has the answer across all its runs.
        </p>
      )}
      {benchmark}
      {run.notes && <p className="mb-4 whitespace-pre-wrap rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700" aria-label="Notes">{run.notes}</p>}
      {BANNERS[run.status] && (
        <div role="alert" className={`mb-6 rounded-xl border p-4 text-sm ${BANNERS[run.status]}`}>
          <p className="font-semibold">This run {run.status === 'failed' ? 'failed' : `was ${run.status}`}.</p>
          {run.statusReason && <p className="mt-1">{run.statusReason}</p>}
        </div>
      )}

      {audience === 'member' && (config?.workers ?? 1) > 1 && <WorkerSeries runId={run.id} workers={config!.workers} active={active} />}
      {run.sweep.length > 1 && <SweepSection run={run} p95Limit={p95Limit} stageHref={stageHref} planHref={audience === 'member'} />}

      {!active && run.requests !== null && (
        <section className="mb-6 grid gap-4" aria-label="Results">
          {report?.imported && <ImportedSection imported={report.imported} />}
          <SummaryTable run={run} />
          <ValidityNote verdict={run.validity} reasons={run.validityReasons} />
          {report?.drain && report.drain.requests > 0 && (
            <p className="text-sm text-slate-600" data-testid="drain">
              Drain: {formatCount(report.drain.requests)} requests in flight at the stop finished within {report.drain.durationMs} ms — counted in the totals, not in RPS or the charts.
            </p>
          )}
          {report?.errors?.http_429 && run.requests && (
            <RateLimitSummary rps={run.rps} attemptRps={run.attemptRps} requests={run.requests} rateLimited={report.errors.http_429.count} points={points} />
          )}
          {report?.thresholds && <ThresholdsTable thresholds={report.thresholds} />}
          {report?.capacity && <CapacitySection runId={run.id} capacity={report.capacity} instanceCount={run.instanceCount} planHref={audience === 'member'} />}
          {report && (report.ttftMs || report.goodput) && <StreamingTable report={report} />}
          {histograms.latency && <PercentileChart curve={percentileCurve(decodeHistogram(histograms.latency))} />}
          {report?.errors && Object.keys(report.errors).length > 0 && (
            <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
              <table className="min-w-full text-sm" aria-label="Failures by class">
                <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr><th className="px-4 py-2">Failure class</th><th className="px-4 py-2 text-right">Count</th><th className="px-4 py-2">Sample message</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {Object.entries(report.errors).map(([name, { count, sample }]) => (
                    <tr key={name}><td className="px-4 py-2 font-mono">{name}</td><td className="px-4 py-2 text-right tabular-nums">{formatCount(count)}</td><td className="px-4 py-2 font-mono text-xs break-all">{sample}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report?.clientBound && !run.validity && <p className="text-sm text-amber-800">The load generator was saturated during this run: the client, not the target, may have limited it.</p>}
        </section>
      )}

      <RunLive
        runId={run.id}
        liveUrl={liveUrl}
        initialStatus={run.status}
        initialPoints={points}
        durationMs={config?.findCapacity ? undefined : config?.durationMs}
        requestLimit={config?.requests}
        streaming={config?.stream ?? false}
      />

      <section className="mt-6 grid gap-4 md:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
          <h2 className="mb-2 font-semibold">Labels</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {labels.map(([label, value]) => (
              <div key={String(label)} className="contents"><dt className="text-slate-500">{label}</dt><dd>{String(value)}</dd></div>
            ))}
            <dt className="text-slate-500">Tags</dt>
            <dd className="flex flex-wrap gap-1">{run.tags.length ? run.tags.map((tag) => <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{tag}</span>) : '—'}</dd>
          </dl>
        </div>
        {audience === 'member' && (
        <div className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
          <h2 className="mb-2 font-semibold">Configuration</h2>
          {config ? (
            <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">{JSON.stringify(config, null, 2)}</pre>
          ) : (
            <p className="text-slate-600">
              {run.importedFrom
                ? `Imported from ${toolName(run.importedFrom)}: its load settings are the tool's own and were not in the file as this app's configuration.`
                : 'The stored configuration no longer fits this version of the app and cannot be shown.'}
            </p>
          )}
        </div>
        )}
      </section>
    </>
  );
}

/** A sweep as one thing: its progress, the knee (or that it never saturated), and every stage. */
function SweepSection({ run, p95Limit, stageHref, planHref }: { run: RunDetail; p95Limit: number; stageHref: (id: string) => string; planHref: boolean }) {
  const running = run.sweep.find((s) => s.status === 'running' || s.status === 'queued');
  const finding = findKnee(run.sweep, p95Limit);
  // The limit with as many decimals as the stage p95 it is compared with, so "104.4 > 104" reads as it is.
  const precise = (ms: number | null) => (ms === null ? '—' : ms.toFixed(1));
  return (
    <section className="mb-6 rounded-xl border border-slate-200 bg-white p-4" aria-label="Sweep">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">Sweep: {run.sweep.length} stages</h2>
        <form method="get" className="flex items-center gap-2 text-xs text-slate-600">
          <label htmlFor="p95">Knee: highest RPS with p95 ≤</label>
          <input id="p95" name="p95" type="number" min={1} step="any" defaultValue={p95Limit} className="w-20 rounded border border-slate-300 px-2 py-0.5" />
          <span>ms</span>
          <button className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50">Apply</button>
        </form>
      </div>
      {running && (
        <p role="status" className="mb-2 rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900">
          Sweep in progress: <Link href={stageHref(running.id)} className="font-medium underline">{running.stageLabel}</Link> is {running.status}; the knee below judges the finished stages only.
        </p>
      )}
      <p className="mb-2 text-sm" data-testid="sweep-knee">
        {finding.kind === 'knee' && `Knee: ${finding.stage.stageLabel} — ${formatRps(finding.stage.rps)} RPS at p95 ${precise(finding.stage.latencyP95Ms)} ms (limit ${p95Limit} ms).`}
        {finding.kind === 'not-saturated' &&
          `Not saturated: throughput still grew at the last stage (${formatRps(finding.previousRps)} → ${formatRps(finding.stage.rps)} RPS, p95 ${precise(finding.stage.latencyP95Ms)} ms): sweep to higher load to find the knee.`}
        {finding.kind === 'none' && `No stage kept p95 within ${p95Limit} ms (stage p95s: ${run.sweep.map((s) => precise(s.latencyP95Ms)).join(', ')} ms).`}
        {finding.kind === 'knee' && planHref && (
          <Link href={`/capacity?runs=${finding.stage.id}&latencyMs=${p95Limit}`} className="ml-2 font-medium text-indigo-700 hover:underline">
            Plan capacity from this knee →
          </Link>
        )}
      </p>
      <SweepChart limitMs={p95Limit} points={run.sweep.map((s) => ({ stage: s.stageLabel ?? String(s.sweepStage), rps: s.rps, p95: s.latencyP95Ms, knee: finding.kind === 'knee' && s.id === finding.stage.id }))} />
      <div className="mt-3">
        <StageTable stages={run.sweep} current={run.id} href={stageHref} kneeId={finding.kind === 'knee' ? finding.stage.id : undefined} />
      </div>
    </section>
  );
}
