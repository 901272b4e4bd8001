/**
 * Imported results into history: one completed run per result (a GuideLLM sweep gives several),
 * its per-second points and latency histogram when the file had them, all in one transaction so
 * a failure writes nothing.
 */
import type { PrismaClient } from '../db/generated/client';
import { jsonColumn } from '../runs/stored';
import { toolNames, type ImportedRun, type PartialPercentiles } from './types';

export interface ImportLabels {
  targetName?: string;
  gatewayName?: string;
  gatewayVersion?: string;
  instanceCount?: number;
  tags: string[];
}

const complete = (p: PartialPercentiles | undefined) =>
  p && p.p50 !== undefined && p.p90 !== undefined && p.p95 !== undefined && p.p99 !== undefined && p.avg !== undefined && p.max !== undefined ? (p as Required<PartialPercentiles>) : undefined;

export async function saveImportedRuns(prisma: PrismaClient, runs: ImportedRun[], labels: ImportLabels, createdById: string | null): Promise<string[]> {
  const importedAt = new Date();
  return prisma.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const run of runs) {
      const startedAt = run.startedAt ?? importedAt;
      const finishedAt = run.durationMs !== undefined ? new Date(startedAt.getTime() + run.durationMs) : startedAt;
      const attemptRps = run.durationMs ? (run.requests * 1000) / run.durationMs : null;
      const distributions = Object.fromEntries(
        (['latencyMs', 'ttftMs', 'itlMs', 'tpotMs'] as const).filter((key) => run[key] && Object.keys(run[key]!).length).map((key) => [key, run[key] as Record<string, number>]),
      );
      const report = {
        requests: run.requests,
        successes: run.requests - run.failures,
        failures: run.failures,
        rps: run.rps,
        attemptRps: attemptRps ?? undefined,
        durationMs: run.durationMs,
        latencyMs: complete(run.latencyMs) ?? null,
        ttftMs: complete(run.ttftMs),
        itlMs: complete(run.itlMs),
        tpotMs: complete(run.tpotMs),
        outputTokens: run.outputTokens,
        outputTokensPerSec: run.outputTokensPerSec,
        errors: run.errors,
        imported: { tool: run.tool, files: run.files, importedAt: importedAt.toISOString(), imported: run.imported, missing: run.missing, notes: run.notes, distributions },
      };
      const created = await tx.run.create({
        data: {
          targetName: (labels.targetName || run.targetName).slice(0, 120),
          targetUrl: run.targetUrl.slice(0, 2048),
          status: 'completed',
          statusReason: `imported from ${toolNames[run.tool]}`,
          config: jsonColumn({ importedFrom: run.tool }),
          stageLabel: run.stageLabel?.slice(0, 64),
          gatewayName: labels.gatewayName,
          gatewayVersion: labels.gatewayVersion,
          instanceCount: labels.instanceCount,
          tags: labels.tags,
          startedAt,
          finishedAt,
          requests: run.requests,
          failures: run.failures,
          rps: run.rps,
          attemptRps,
          latencyP50Ms: run.latencyMs.p50,
          latencyP90Ms: run.latencyMs.p90,
          latencyP95Ms: run.latencyMs.p95,
          latencyP99Ms: run.latencyMs.p99,
          latencyAvgMs: run.latencyMs.avg,
          latencyMaxMs: run.latencyMs.max,
          ttftP50Ms: run.ttftMs?.p50,
          ttftP95Ms: run.ttftMs?.p95,
          outputTokensPerSec: run.outputTokensPerSec,
          report: jsonColumn(report),
          importedFrom: run.tool,
          createdById,
        },
        select: { id: true },
      });
      if (run.points?.length) {
        await tx.runPoint.createMany({ data: run.points.map((p) => ({ runId: created.id, ...p, windowMs: 1000 })) });
      }
      if (run.latencyHistogram) await tx.runHistogram.create({ data: { runId: created.id, metric: 'latency', encoded: Buffer.from(run.latencyHistogram, 'base64') } });
      ids.push(created.id);
    }
    return ids;
  });
}
