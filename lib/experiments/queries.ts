/** Reads of experiments for pages, exports and share links: config and result through their parsers. */
import { getPrisma } from '../db/client';
import { runName } from '../runs/names';
import { parseExperimentConfig, parseExperimentResult, type ExperimentConfig } from './stored';

const runFields = {
  id: true,
  status: true,
  statusReason: true,
  experimentArm: true,
  experimentRound: true,
  targetName: true,
  title: true,
  gatewayName: true,
  gatewayVersion: true,
  instanceCount: true,
  requests: true,
  failures: true,
  rps: true,
  latencyP50Ms: true,
  latencyP95Ms: true,
  latencyP99Ms: true,
  latencyAvgMs: true,
  ttftP50Ms: true,
  ttftP95Ms: true,
  overheadP50Ms: true,
  overheadP95Ms: true,
  overheadP99Ms: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** An experiment's name: its title, else its arms ("Portkey over Model server", "A vs B"). */
export function experimentName(experiment: { id: string; kind: 'overhead' | 'ab'; title: string | null; config: ExperimentConfig | undefined }): string {
  if (experiment.title) return experiment.title;
  if (!experiment.config) return experiment.id;
  return experiment.config.arms.filter((a) => !a.aa).map((a) => a.name).join(experiment.kind === 'overhead' ? ' over ' : ' vs ');
}

export async function getExperiment(id: string) {
  const experiment = await getPrisma().experiment.findUnique({
    where: { id },
    include: { runs: { select: runFields, orderBy: [{ experimentRound: 'asc' }, { experimentArm: 'asc' }] }, createdBy: { select: { email: true } } },
  });
  if (!experiment) return null;
  const config = parseExperimentConfig(experiment.config);
  return { ...experiment, config, name: experimentName({ ...experiment, config }), result: parseExperimentResult(experiment.result), runs: experiment.runs.map((run) => ({ ...run, name: runName(run) })) };
}

export type ExperimentData = NonNullable<Awaited<ReturnType<typeof getExperiment>>>;

/** The newest experiments, for the history page. */
export async function listExperiments(take = 10) {
  const rows = await getPrisma().experiment.findMany({ orderBy: { createdAt: 'desc' }, take, select: { id: true, kind: true, title: true, status: true, createdAt: true, config: true, result: true, _count: { select: { runs: true } } } });
  return rows.map((row) => {
    const config = parseExperimentConfig(row.config);
    const result = parseExperimentResult(row.result);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      createdAt: row.createdAt,
      runs: row._count.runs,
      name: experimentName({ ...row, config }),
      summary: result?.summary ?? null,
      load: config?.load ?? '',
    };
  });
}

export type ExperimentListItem = Awaited<ReturnType<typeof listExperiments>>[number];
