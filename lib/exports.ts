/** Downloads: a run or a comparison as JSON (config, labels, summary, per-second series) or CSV. */
import { stringify } from 'csv-stringify/sync';
import { buildComparison, VERDICT_METHOD } from './compare/comparison';
import { getComparisonData } from './compare/queries';
import { getPrisma } from './db/client';

export async function runExport(id: string) {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id }, include: { points: { orderBy: { second: 'asc' }, omit: { runId: true } } } });
  if (!run) return null;
  const { points, ...rest } = run;
  return { run: rest, series: points };
}

export function runCsv(data: NonNullable<Awaited<ReturnType<typeof runExport>>>): string {
  const columns = ['second', 'requests', 'failures', 'rps', 'p50Ms', 'p95Ms', 'p99Ms', 'activeUsers', 'ttftP50Ms', 'outputTokens'] as const;
  return stringify(data.series.map((p) => columns.map((c) => p[c])), { header: true, columns: [...columns] });
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
  return stringify([header, ...labelRows, ...metricRows]);
}
