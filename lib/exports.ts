/** Downloads: a run or a comparison as JSON (config, labels, summary, per-second series) or CSV. */
import { stringify } from 'csv-stringify/sync';
import { buildComparison, VERDICT_METHOD } from './compare/comparison';
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
  return {
    baseline: comparison.baselineId,
    method: VERDICT_METHOD,
    metrics: comparison.rows.map((row) => ({
      metric: row.metric.key,
      label: row.metric.label,
      better: row.metric.direction ?? null,
      runs: Object.fromEntries(row.cells.map((cell, i) => [data.runs[i].id, cell])),
    })),
    summaries: comparison.summaries,
    runs: data.runs.map((run) => ({ ...run, ...configs.get(run.id), series: data.series.get(run.id) ?? [] })),
  };
}

export function comparisonCsv(data: NonNullable<Awaited<ReturnType<typeof comparisonExport>>>): string {
  const ids = data.runs.map((r) => r.id);
  const header = ['metric', ...ids.flatMap((id) => [id, `${id} change vs ${data.baseline}`, `${id} verdict`])];
  const labelRows = (['gatewayName', 'gatewayVersion', 'instanceCount'] as const).map((key) => [key, ...data.runs.flatMap((r) => [r[key] ?? '', '', ''])]);
  const metricRows = data.metrics.map((m) => [m.label, ...ids.flatMap((id) => {
    const cell = m.runs[id];
    return [cell.value ?? '', cell.change === undefined ? '' : (cell.change * 100).toFixed(2) + '%', id === data.baseline ? 'baseline' : cell.verdict];
  })]);
  return stringify([header, ...labelRows, ...metricRows], CSV_OPTIONS);
}
