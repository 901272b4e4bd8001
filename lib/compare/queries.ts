/** Reads for a comparison: the runs, their per-second series, their latency histograms. */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { isRunId, RUN_ID_ERROR } from '../runs/run-id';
import { parseStoredReport } from '../runs/stored';
import { buildComparison, chronological, type Audience, type ComparedRun, type SecondSample } from './comparison';

export const compareParamsSchema = z.object({
  runs: z
    .string({ error: 'say which runs to compare: /compare?runs=<id>,<id>' })
    .transform((text) => [...new Set(text.split(',').map((id) => id.trim()).filter(Boolean))])
    .refine((ids) => ids.length >= 2, 'pick at least two runs to compare')
    .refine((ids) => ids.length <= 20, 'compare at most 20 runs at once')
    .refine((ids) => ids.every(isRunId), RUN_ID_ERROR),
  baseline: z.string().optional(),
});

const runFields = {
  id: true, status: true, targetName: true, stageLabel: true, gatewayName: true, gatewayVersion: true, instanceCount: true, tags: true, createdAt: true,
  requests: true, failures: true, rps: true, attemptRps: true, validity: true, validityReasons: true, title: true, latencyP50Ms: true, latencyP95Ms: true, latencyP99Ms: true, latencyAvgMs: true,
  overheadP50Ms: true, overheadP95Ms: true, overheadP99Ms: true, ttftP50Ms: true, ttftP95Ms: true, outputTokensPerSec: true, report: true, sweepId: true, thresholdsPassed: true,
} as const;

export async function getComparisonData(ids: string[]) {
  const prisma = getPrisma();
  const [found, points, histograms] = await Promise.all([
    prisma.run.findMany({ where: { id: { in: ids } }, select: runFields }),
    prisma.runPoint.findMany({ where: { runId: { in: ids } }, orderBy: [{ runId: 'asc' }, { second: 'asc' }], select: { runId: true, second: true, windowMs: true, rps: true, p50Ms: true, p95Ms: true, p99Ms: true, ttftP50Ms: true, requests: true, failures: true } }),
    prisma.runHistogram.findMany({ where: { runId: { in: ids }, metric: 'latency' } }),
  ]);
  const byId = new Map(found.map((run) => [run.id, run]));
  // One column order on every page and file: oldest first.
  const runs: ComparedRun[] = chronological(ids.flatMap((id) => byId.get(id) ?? [])).map((run) => ({ ...run, report: parseStoredReport(run.report) ?? null }));
  const series = new Map<string, (SecondSample & { requests: number; failures: number })[]>();
  for (const { runId, ...point } of points) {
    if (!series.has(runId)) series.set(runId, []);
    series.get(runId)!.push(point);
  }
  // Compared runs that are stages of sweeps bring their whole sweep: one curve each.
  const sweepIds = [...new Set(runs.map((r) => r.sweepId).filter((id): id is string => !!id))];
  const sweepStages = sweepIds.length
    ? await prisma.run.findMany({ where: { sweepId: { in: sweepIds } }, select: { id: true, sweepId: true, sweepStage: true, stageLabel: true, status: true, rps: true, latencyP95Ms: true } })
    : [];
  return {
    runs,
    missing: ids.filter((id) => !byId.has(id)),
    sweeps: sweepIds.map((sweepId) => ({ sweepId, stages: sweepStages.filter((s) => s.sweepId === sweepId) })),
    series,
    latencyHistograms: new Map(histograms.map((h) => [h.runId, Buffer.from(h.encoded).toString('base64')])),
  };
}

/** A comparison's title (its runs' names) and one-line summary, for link previews. */
export function comparisonHeadline(data: Awaited<ReturnType<typeof getComparisonData>>, baseline: string | undefined, audience: Audience) {
  if (data.runs.length < 2) return null;
  const comparison = buildComparison(data.runs, data.series, baseline, audience);
  return { title: comparison.names.join(' vs '), summary: comparison.summary };
}
