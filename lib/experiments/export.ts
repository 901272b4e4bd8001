/** An experiment as a file: everything its page shows (JSON), or its result table (CSV). */
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS } from '../exports';
import { selfReportedAt } from './analysis';
import { armLetter } from './plan';
import { getExperiment } from './queries';

export async function experimentExport(id: string) {
  const experiment = await getExperiment(id);
  if (!experiment) return null;
  const { runs, config, result, createdBy: _by, createdById: _id, ...rest } = experiment;
  return {
    experiment: { id: rest.id, kind: rest.kind, name: rest.name, title: rest.title, status: rest.status, statusReason: rest.statusReason, createdAt: rest.createdAt, finishedAt: rest.finishedAt },
    config,
    result,
    runs: runs.map((run) => ({ ...run, arm: run.experimentArm, armName: config?.arms[run.experimentArm ?? 0]?.name ?? run.name, round: run.experimentRound })),
  };
}

export type ExperimentExport = NonNullable<Awaited<ReturnType<typeof experimentExport>>>;

/** One row per metric (A/B) or quantile (overhead), columns named after the arms, not their ids. */
export function experimentCsv(data: ExperimentExport): string {
  const result = data.result;
  if (!result) return stringify([['status'], [data.experiment.status]], CSV_OPTIONS);
  if (result.kind === 'overhead') {
    const header = ['quantile', `${result.gateway} ms`, `${result.upstream} ms`, 'added ms', 'added low ms', 'added high ms', 'self-reported ms'];
    const self = result.selfReported;
    const rows = [
      ...(result.latency?.quantiles ?? []).map((q) => [`p${Math.round(q.q * 100)}`, q.gateway, q.direct, q.difference, q.low, q.high, selfReportedAt(self, q.q)]),
      ...(result.ttft?.quantiles ?? []).map((q) => [`TTFT p${Math.round(q.q * 100)}`, q.gateway, q.direct, q.difference, q.low, q.high, null]),
    ];
    return stringify([header, ...rows], CSV_OPTIONS);
  }
  const arms = result.arms;
  const header = [
    'metric',
    'unit',
    ...arms.flatMap((a) => [`${armLetter(a.arm)} ${a.name} mean`, `${armLetter(a.arm)} ${a.name} low`, `${armLetter(a.arm)} ${a.name} high`]),
    ...arms.slice(1).flatMap((a) => {
      const what = a.aa ? 'noise floor (A/A)' : `${a.name} vs ${arms[0].name}`;
      return [`${what} change`, `${what} change %`, `${what} low`, `${what} high`, `${what} verdict`];
    }),
  ];
  const rows = result.metrics.map((m) => [
    m.label,
    m.unit,
    ...m.arms.flatMap((a) => [a.interval?.mean ?? null, a.interval?.low ?? null, a.interval?.high ?? null]),
    ...arms.slice(1).flatMap((a) => {
      const d = a.aa ? m.noise : m.differences.find((x) => x.arm === a.arm);
      return d ? [d.difference, d.relative === null ? null : d.relative * 100, d.low, d.high, d.verdict === 'same' ? 'within noise' : d.verdict === 'unknown' ? 'needs 2+ rounds' : d.verdict] : [null, null, null, null, null];
    }),
  ]);
  return stringify([header, ...rows], CSV_OPTIONS);
}
