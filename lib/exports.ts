/** Downloads: a run or a comparison as JSON (config, labels, summary, per-second series) or CSV. */
import { stringify } from 'csv-stringify/sync';
import { buildComparison, VERDICT_METHOD } from './compare/comparison';
import type { Verdict } from './compare/significance';
import { getComparisonData } from './compare/queries';
import { getPrisma } from './db/client';
import { isWholeMeasuredSecond } from './runs/series';

export async function runExport(id: string) {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id }, include: { points: { orderBy: { second: 'asc' }, omit: { runId: true } } } });
  if (!run) return null;
  const { points, ...rest } = run;
  const stages = run.sweepId
    ? await prisma.run.findMany({
        where: { sweepId: run.sweepId },
        orderBy: { sweepStage: 'asc' },
        select: { id: true, stageLabel: true, status: true, requests: true, failures: true, rps: true, attemptRps: true, latencyP50Ms: true, latencyP95Ms: true, latencyP99Ms: true, ttftP50Ms: true, ttftP95Ms: true, outputTokensPerSec: true, validity: true },
      })
    : undefined;
  // Each window says what it is: warm-up (negative second), partial (the part-second before the stop), or a whole second.
  const series = points.map((p) => ({ ...p, warmup: p.second < 0, partial: p.second >= 0 && !isWholeMeasuredSecond(p) }));
  return { run: rest, ...(stages ? { sweep: stages } : {}), series };
}

/**
 * CSV cells a spreadsheet would run as a formula (OWASP: starting with = + - @, a tab or a CR)
 * get a leading apostrophe; numbers stay numbers.
 */
export const CSV_OPTIONS = {
  cast: {
    boolean: (value: boolean) => String(value),
    string: (value: string) => (/^[=+\-@\t\r]/.test(value) && !/^[-+]?\d+(\.\d+)?%?$/.test(value) ? `'${value}` : value),
  },
};

export function runCsv(data: NonNullable<Awaited<ReturnType<typeof runExport>>>): string {
  const columns = ['second', 'windowMs', 'warmup', 'partial', 'requests', 'failures', 'rps', 'p50Ms', 'p95Ms', 'p99Ms', 'activeUsers', 'inFlight', 'ttftP50Ms', 'outputTokens', 'rateLimited', 'intended', 'sent', 'sendLagP99Ms', 'clientBusy', 'hostCpuBusy'] as const;
  return stringify(data.series.map((p) => columns.map((c) => p[c])), { header: true, columns: [...columns], ...CSV_OPTIONS });
}

export async function comparisonExport(ids: string[], baseline?: string) {
  const data = await getComparisonData(ids);
  if (data.runs.length < 2) return null;
  const comparison = buildComparison(data.runs, data.series, baseline);
  const configs = new Map(
    (await getPrisma().run.findMany({ where: { id: { in: data.runs.map((r) => r.id) } }, select: { id: true, config: true, targetUrl: true, machineCpus: true, machineRamGb: true, usesPostgres: true, usesRedis: true } })).map(({ id, ...rest }) => [id, rest]),
  );
  const baselineIndex = data.runs.findIndex((r) => r.id === comparison.baselineId);
  return {
    summary: comparison.summary,
    baseline: comparison.names[baselineIndex],
    baselineId: comparison.baselineId,
    method: VERDICT_METHOD,
    /** Runs by name, oldest first (the order of every page), each with its id. */
    metrics: comparison.rows.map((row) => ({
      metric: row.metric.key,
      label: row.metric.label,
      better: row.metric.direction ?? null,
      runs: Object.fromEntries<ExportedCell>(
        row.cells.map((cell, i): [string, ExportedCell] => [
          comparison.names[i],
          i === baselineIndex ? { value: cell.value } : { value: cell.value, change: cell.delta ?? null, changePercent: cell.change === undefined ? null : cell.change * 100, verdict: cell.verdict },
        ]),
      ),
    })),
    summaries: comparison.summaries.map((s) => ({ ...s, name: comparison.names[data.runs.findIndex((r) => r.id === s.runId)] })),
    runs: data.runs.map((run, i) => ({ name: comparison.names[i], ...run, ...configs.get(run.id), series: data.series.get(run.id) ?? [] })),
  };
}

/** The baseline's cell holds its value only; every other run's, its change against the baseline. */
type ExportedCell = { value: number | null } | { value: number | null; change: number | null; changePercent: number | null; verdict: Verdict };

const CSV_VERDICTS = { better: 'better', worse: 'worse', same: 'within noise', unknown: 'not tested' } as const;

/**
 * One row per metric; columns named after the runs (oldest first): the baseline's value, then per
 * other run its value, change (in the metric's unit), change % and verdict.
 */
export function comparisonCsv(data: NonNullable<Awaited<ReturnType<typeof comparisonExport>>>): string {
  const names = data.runs.map((r) => r.name);
  const header = ['metric', ...names.flatMap((name) => (name === data.baseline ? [`${name} (baseline)`] : [name, `${name} change vs ${data.baseline}`, `${name} change %`, `${name} verdict`]))];
  const labelRows = (['id', 'gatewayName', 'gatewayVersion', 'instanceCount', 'thresholdsPassed'] as const).map((key) => [key, ...data.runs.flatMap((r) => (r.name === data.baseline ? [r[key] ?? ''] : [r[key] ?? '', '', '', '']))]);
  const metricRows = data.metrics.map((m) => [
    m.label,
    ...names.flatMap((name) => {
      const cell = m.runs[name];
      if (name === data.baseline || !('verdict' in cell)) return [cell.value ?? ''];
      return [cell.value ?? '', cell.change ?? '', cell.changePercent === null ? '' : cell.changePercent.toFixed(2), CSV_VERDICTS[cell.verdict]];
    }),
  ]);
  return stringify([header, ...labelRows, ...metricRows], CSV_OPTIONS);
}
