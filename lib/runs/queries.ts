/** Reads about runs, one function per question the UI asks. */
import { getPrisma } from '../db/client';
import type { MeasuredRun } from '../capacity/plan';
import { findKnee } from './sweep';
import { runName } from './names';
import { BEFORE_ANY_SECOND } from './series';
import { parseStoredConfig, parseStoredReport } from './stored';

/**
 * Earlier label values, offered as suggestions while typing (a datalist filters them).
 * Names and versions come from their indexes; tags from the latest 1,000 runs, so the
 * cost stays flat however long the history grows.
 */
export async function getLabelSuggestions() {
  const prisma = getPrisma();
  const [names, versions, tags] = await Promise.all([
    prisma.$queryRaw<{ value: string }[]>`SELECT DISTINCT "gatewayName" AS value FROM "Run" WHERE "gatewayName" IS NOT NULL ORDER BY 1 LIMIT 200`,
    prisma.$queryRaw<{ value: string }[]>`SELECT DISTINCT "gatewayVersion" AS value FROM "Run" WHERE "gatewayVersion" IS NOT NULL ORDER BY 1 DESC LIMIT 200`,
    prisma.$queryRaw<{ value: string }[]>`
      SELECT DISTINCT unnest(tags) AS value FROM (SELECT tags FROM "Run" ORDER BY "createdAt" DESC LIMIT 1000) AS recent ORDER BY 1 LIMIT 200`,
  ]);
  const values = (rows: { value: string }[]) => rows.map((row) => row.value);
  return { gatewayNames: values(names), gatewayVersions: values(versions), tags: values(tags) };
}

export type LabelSuggestions = Awaited<ReturnType<typeof getLabelSuggestions>>;

/** One run for its permalink page, with its stage siblings when it is part of a sweep; config and report typed. */
export async function getRun(id: string) {
  const prisma = getPrisma();
  const row = await prisma.run.findUnique({ where: { id } });
  if (!row) return null;
  const run = { ...row, config: parseStoredConfig(row.config), report: parseStoredReport(row.report) };
  const sweep = run.sweepId
    ? await prisma.run.findMany({
        where: { sweepId: run.sweepId },
        orderBy: { sweepStage: 'asc' },
        select: {
          id: true, stageLabel: true, sweepStage: true, status: true, rps: true, attemptRps: true, requests: true, failures: true, latencyP50Ms: true, latencyP95Ms: true, latencyP99Ms: true,
          ttftP50Ms: true, ttftP95Ms: true, outputTokensPerSec: true, validity: true, report: true,
        },
      })
    : [];
  return { ...run, sweep: sweep.map(({ report, ...stage }) => ({ ...stage, perUserTokensPerSec: parseStoredReport(report)?.perUserTokensPerSec ?? null })) };
}

export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRun>>>;

/** The per-second series after a given second (for live updates), oldest first. */
export async function getRunPoints(id: string, afterSecond = BEFORE_ANY_SECOND) {
  return getPrisma().runPoint.findMany({
    where: { runId: id, second: { gt: afterSecond } },
    orderBy: { second: 'asc' },
    take: 3600,
    omit: { runId: true },
  });
}

export type RunPointRow = Awaited<ReturnType<typeof getRunPoints>>[number];

export async function getRunStatus(id: string) {
  return getPrisma().run.findUnique({ where: { id }, select: { status: true, statusReason: true, startedAt: true, finishedAt: true } });
}

/** A run's encoded histograms, as base64, by metric. */
export async function getRunHistograms(id: string): Promise<Record<string, string>> {
  const rows = await getPrisma().runHistogram.findMany({ where: { runId: id } });
  return Object.fromEntries(rows.map((row) => [row.metric, Buffer.from(row.encoded).toString('base64')]));
}

/** The labels and results the capacity planner needs from chosen runs. */
/**
 * Runs for a capacity plan, each with what it says about capacity (lib/capacity/plan.ts
 * MeasuredRun): a capacity run's limit, a sweep's knee at the plan's objective, an open-model
 * run, or a closed-model run (a lower bound).
 */
export async function getRunsForCapacity(ids: string[], latencyMs: number): Promise<MeasuredRun[]> {
  if (ids.length === 0) return [];
  const prisma = getPrisma();
  const rows = await prisma.run.findMany({
    where: { id: { in: ids } },
    select: { id: true, instanceCount: true, rps: true, latencyP95Ms: true, latencyAvgMs: true, machineCpus: true, gatewayName: true, gatewayVersion: true, config: true, report: true, sweepId: true },
  });
  const sweepIds = [...new Set(rows.map((r) => r.sweepId).filter((id): id is string => !!id))];
  const stages = sweepIds.length ? await prisma.run.findMany({ where: { sweepId: { in: sweepIds } }, orderBy: { sweepStage: 'asc' }, select: { id: true, sweepId: true, stageLabel: true, status: true, rps: true, latencyP95Ms: true } }) : [];
  return rows.map(({ config: json, report: reportJson, sweepId, latencyAvgMs, ...run }) => {
    const config = parseStoredConfig(json);
    const capacity = parseStoredReport(reportJson)?.capacity;
    const knee = sweepId ? findKnee(stages.filter((s) => s.sweepId === sweepId), latencyMs) : undefined;
    const evidence: MeasuredRun['evidence'] = capacity
      ? { kind: 'capacity', limitRps: capacity.limitRps, objectiveMs: capacity.search.limitMs, reached: capacity.reached }
      : knee?.kind === 'knee' && knee.stage.id === run.id
        ? { kind: 'knee' }
        : config?.load.model === 'closed'
          ? { kind: 'closed', users: config.load.users, meanMs: latencyAvgMs }
          : { kind: 'open' };
    return { ...run, evidence };
  });
}

/** Recent runs a plan can use, newest first, labelled for the searchable picker: capacity runs and sweeps first. */
export async function listCapacityChoices(take = 100) {
  const rows = await getPrisma().run.findMany({
    where: { status: 'completed', instanceCount: { not: null } },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, title: true, gatewayName: true, gatewayVersion: true, instanceCount: true, targetName: true, rps: true, stageLabel: true, sweepId: true, report: true },
  });
  return rows.map((r) => {
    const capacity = parseStoredReport(r.report)?.capacity;
    const kind = capacity ? `capacity run: ${capacity.limitRps ?? 'none'} req/s` : r.sweepId ? `sweep stage ${r.stageLabel ?? ''}` : `${r.stageLabel ?? 'run'}, ${Math.round(r.rps ?? 0)} RPS`;
    return { id: r.id, label: `${runName({ ...r, instanceCount: null })} ×${r.instanceCount} · ${kind} · ${r.id}` };
  });
}
