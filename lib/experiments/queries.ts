/** Reads of experiments for pages, exports and share links: config and result through their parsers. */
import { getPrisma } from '../db/client';
import { runName } from '../runs/names';
import { parseExperimentConfig, parseExperimentResult } from './stored';

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

export async function getExperiment(id: string) {
  const experiment = await getPrisma().experiment.findUnique({
    where: { id },
    include: { runs: { select: runFields, orderBy: [{ experimentRound: 'asc' }, { experimentArm: 'asc' }] }, createdBy: { select: { email: true } } },
  });
  if (!experiment) return null;
  const config = parseExperimentConfig(experiment.config);
  return { ...experiment, config, result: parseExperimentResult(experiment.result), runs: experiment.runs.map((run) => ({ ...run, name: runName(run) })) };
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
      name: row.title ?? (config ? config.arms.filter((a) => !a.aa).map((a) => a.name).join(row.kind === 'overhead' ? ' over ' : ' vs ') : row.id),
      summary: result?.summary ?? null,
      load: config?.load ?? '',
    };
  });
}

export type ExperimentListItem = Awaited<ReturnType<typeof listExperiments>>[number];
