import Link from 'next/link';
import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { selfReportedAt, VERDICT_WORDS } from '@/lib/experiments/analysis';
import type { ExperimentData } from '@/lib/experiments/queries';
import { armLetter } from '@/lib/experiments/plan';
import { abMethodNote, overheadMethodNote } from '@/lib/experiments/method-notes';
import type { ExperimentResult } from '@/lib/experiments/stored';
import { formatInterval, formatInUnit, formatMs, formatRps, formatSignedChange } from '@/lib/format';

const verdictClass = { better: 'text-emerald-700', worse: 'text-red-700', same: 'text-slate-600', unknown: 'text-slate-500' } as const;

/**
 * An experiment: the one-line answer first, then the table it comes from, then every run it
 * is made of. `runHref` is null on a shared page (its runs are not opened by the link).
 */
export function ExperimentView({ experiment, runHref, actions, share }: { experiment: ExperimentData; runHref: ((id: string) => string) | null; actions?: ReactNode; share?: ReactNode }) {
  const { config, result } = experiment;
  const active = experiment.status === 'queued' || experiment.status === 'running';
  const done = experiment.runs.filter((r) => !['queued', 'running'].includes(r.status)).length;
  return (
    <article aria-label="Experiment">
      <header className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{experiment.kind === 'overhead' ? 'Overhead run' : 'A/B experiment'}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{experiment.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            <StatusBadge status={experiment.status} /> {config?.load}
            {experiment.kind === 'ab' && config && ` · ${config.rounds} round${config.rounds === 1 ? '' : 's'} of ${config.arms.length} arms, order shuffled each round`}
            {' · '}
            {done}/{experiment.runs.length} runs done
          </p>
        </div>
        {actions}
      </header>
      {share}
      {experiment.statusReason && <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{experiment.statusReason}</p>}
      {active && !result && <p role="status" className="mb-4 rounded-md bg-blue-50 p-3 text-sm text-blue-900">Running: the answer appears when every run has finished. This page refreshes itself.</p>}
      {result && (
        <p data-testid="experiment-summary" className="mb-6 rounded-xl border border-indigo-200 bg-indigo-50 p-4 text-base font-medium text-indigo-950">
          {result.summary}
        </p>
      )}
      {result?.kind === 'overhead' && <OverheadTables result={result} />}
      {result?.kind === 'ab' && <AbTables result={result} />}
      <RunsTable experiment={experiment} runHref={runHref} />
    </article>
  );
}

function OverheadTables({ result }: { result: Extract<ExperimentResult, { kind: 'overhead' }> }) {
  const self = result.selfReported;
  return (
    <section className="mb-6 grid gap-4">
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm" aria-label="Overhead">
          <caption className="p-3 text-left text-sm text-slate-600">
            {overheadMethodNote(result)}
          </caption>
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Quantile</th>
              <th className="px-3 py-2 text-right">Through {result.gateway}</th>
              <th className="px-3 py-2 text-right">Direct ({result.upstream})</th>
              <th className="px-3 py-2 text-right">Added (ms)</th>
              <th className="px-3 py-2 text-right">95% interval</th>
              <th className="px-3 py-2 text-right">Self-reported{self ? ` (${self.header})` : ''}</th>
            </tr>
          </thead>
          <tbody>
            {(result.latency?.quantiles ?? []).map((q) => (
              <tr key={q.q} className="border-t border-slate-100" data-quantile={`p${Math.round(q.q * 100)}`}>
                <th className="px-3 py-2 text-left font-medium">p{Math.round(q.q * 100)}</th>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(q.gateway)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(q.direct)}</td>
                <td className="px-3 py-2 text-right font-semibold tabular-nums" data-testid={`added-p${Math.round(q.q * 100)}`}>{formatSignedChange(q.difference, null, 'ms')}</td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-600">{formatInterval(q.low, q.high, 'ms')}</td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-600">{selfReportedAt(self, q.q) === null ? (self ? '—' : 'not sent') : formatMs(selfReportedAt(self, q.q))}</td>
              </tr>
            ))}
            {result.ttft?.quantiles.map((q) => (
              <tr key={`ttft-${q.q}`} className="border-t border-slate-100">
                <th className="px-3 py-2 text-left font-medium">TTFT p{Math.round(q.q * 100)}</th>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(q.gateway)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(q.direct)}</td>
                <td className="px-3 py-2 text-right font-semibold tabular-nums">{formatSignedChange(q.difference, null, 'ms')}</td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-600">{formatInterval(q.low, q.high, 'ms')}</td>
                <td className="px-3 py-2 text-right text-slate-400">—</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.throughput && (
        <p className="text-sm text-slate-700" data-testid="throughput-lost">
          Throughput lost: {formatRps(result.throughput.directRps)} → {formatRps(result.throughput.gatewayRps)} req/s ({formatSignedChange(-result.throughput.lostRps, -result.throughput.lostShare, 'req/s')})
          {result.throughput.method === 'littles-law'
            ? ` at ${result.throughput.users} users, each arm alone (Little's law: users ÷ mean latency).`
            : ' at the same offered rate, as measured.'}
        </p>
      )}
      {!self && <p className="text-xs text-slate-500">The gateway sent no overhead header; name the header it sends on its target to show its own figure beside the measured one.</p>}
    </section>
  );
}

function AbTables({ result }: { result: Extract<ExperimentResult, { kind: 'ab' }> }) {
  return (
    <section className="mb-6 overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Experiment result">
        <caption className="p-3 text-left text-sm text-slate-600">
          {abMethodNote(result)}
        </caption>
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="px-3 py-2">Metric</th>
            {result.arms.map((arm) => (
              <th key={arm.arm} className="px-3 py-2 text-right">
                {armLetter(arm.arm)} · {arm.name}
              </th>
            ))}
            {result.arms.slice(1).map((arm) => (
              <th key={`d${arm.arm}`} className="px-3 py-2 text-right">
                {arm.aa ? 'Noise floor (A/A)' : `${armLetter(arm.arm)} − A`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.metrics.map((metric) => (
            <tr key={metric.key} className="border-t border-slate-100" data-metric={metric.key}>
              <th className="px-3 py-2 text-left font-medium">
                {metric.label} <span className="font-normal text-slate-500">({metric.unit})</span>
              </th>
              {metric.arms.map((arm) => (
                <td key={arm.arm} className="px-3 py-2 text-right tabular-nums" data-arm={arm.arm}>
                  <span className="font-medium">{formatInUnit(arm.interval?.mean, metric.unit)}</span>
                  <span className="block text-xs text-slate-500">{arm.interval ? formatInterval(arm.interval.low, arm.interval.high, metric.unit) : ''}</span>
                  <span className="block text-xs text-slate-400" title="per round">{arm.rounds.map((v) => formatInUnit(v, metric.unit)).join(' · ')}</span>
                </td>
              ))}
              {result.arms.slice(1).map((arm) => {
                const d = arm.aa ? metric.noise : metric.differences.find((x) => x.arm === arm.arm);
                return (
                  <td key={`d${arm.arm}`} className="px-3 py-2 text-right tabular-nums" data-difference={arm.arm}>
                    {d ? (
                      <>
                        <span className="font-medium">{formatSignedChange(d.difference, d.relative, metric.unit)}</span>
                        <span className="block text-xs text-slate-500">{formatInterval(d.low, d.high, metric.unit)}</span>
                        <span className={`block text-xs font-medium ${verdictClass[d.verdict]}`}>{arm.aa ? (d.verdict === 'same' ? 'no change, as expected' : 'this setup is noisy') : VERDICT_WORDS[d.verdict]}</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunsTable({ experiment, runHref }: { experiment: ExperimentData; runHref: ((id: string) => string) | null }) {
  const arms = experiment.config?.arms ?? [];
  return (
    <section className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Runs of this experiment">
        <caption className="p-3 text-left text-sm font-semibold text-slate-700">Runs, in the order they ran</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="px-3 py-2">Round</th>
            <th className="px-3 py-2">Arm</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2 text-right">Requests</th>
            <th className="px-3 py-2 text-right">RPS</th>
            <th className="px-3 py-2 text-right">p50 ms</th>
            <th className="px-3 py-2 text-right">p95 ms</th>
            <th className="px-3 py-2 text-right">p99 ms</th>
            <th className="px-3 py-2">Run</th>
          </tr>
        </thead>
        <tbody>
          {[...experiment.runs]
            .sort((a, b) => (a.startedAt?.getTime() ?? Infinity) - (b.startedAt?.getTime() ?? Infinity) || (a.experimentRound ?? 0) - (b.experimentRound ?? 0))
            .map((run) => (
              <tr key={run.id} className="border-t border-slate-100" data-run={run.id}>
                <td className="px-3 py-2">{(run.experimentRound ?? 0) + 1}</td>
                <td className="px-3 py-2">
                  {armLetter(run.experimentArm ?? 0)} · {arms[run.experimentArm ?? 0]?.name ?? run.name}
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={run.status} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{run.requests?.toLocaleString('en-US') ?? '—'}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatRps(run.rps)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP50Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP95Ms)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMs(run.latencyP99Ms)}</td>
                <td className="px-3 py-2 font-mono text-xs">{runHref ? <Link href={runHref(run.id)} className="text-indigo-700 hover:underline">{run.id}</Link> : run.id}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
