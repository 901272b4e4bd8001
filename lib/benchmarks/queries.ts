/** Reads about benchmarks: one function per question the UI asks. */
import { getPrisma } from '../db/client';
import { runLabelsSchema } from '../runs/labels';
import { runName } from '../runs/names';
import { parseStoredConfig } from '../runs/stored';
import { parseStoredRegression } from './stored';

/** One benchmark with its config and labels typed (config undefined when it no longer fits). */
export async function getBenchmark(id: string) {
  const row = await getPrisma().benchmark.findUnique({ where: { id }, include: { target: { select: { name: true } } } });
  if (!row) return null;
  const labels = runLabelsSchema.safeParse(row.labels);
  return { ...row, config: parseStoredConfig(row.config), labels: labels.success ? labels.data : { tags: [] }, targetName: row.target?.name ?? null };
}

export type Benchmark = NonNullable<Awaited<ReturnType<typeof getBenchmark>>>;

/** Every benchmark, with its latest run and how many it has. */
export async function listBenchmarks() {
  const rows = await getPrisma().benchmark.findMany({
    orderBy: { name: 'asc' },
    include: {
      target: { select: { name: true } },
      _count: { select: { runs: true } },
      runs: {
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { id: true, createdAt: true, status: true, latencyP95Ms: true, rps: true, gatewayVersion: true, thresholdsPassed: true, regressionVerdict: true },
      },
    },
  });
  return rows.map(({ runs, _count, target, ...row }) => ({ ...row, targetName: target?.name ?? null, runCount: _count.runs, latest: runs[0] ?? null }));
}

export type BenchmarkSummary = Awaited<ReturnType<typeof listBenchmarks>>[number];

/** A benchmark's runs, oldest first: the points of its trend chart and the rows under it. */
export async function benchmarkRuns(benchmarkId: string, limit = 200) {
  const rows = await getPrisma().run.findMany({
    where: { benchmarkId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: {
      id: true, createdAt: true, status: true, title: true, targetName: true, gatewayName: true, gatewayVersion: true, instanceCount: true, stageLabel: true,
      latencyP50Ms: true, latencyP95Ms: true, latencyP99Ms: true, rps: true, ttftP95Ms: true, requests: true, failures: true, validity: true,
      thresholdsPassed: true, regressionVerdict: true, regression: true, scheduleJobId: true,
    },
  });
  return rows.reverse().map((row) => ({ ...row, name: runName(row), regression: parseStoredRegression(row.regression) }));
}

export type BenchmarkRun = Awaited<ReturnType<typeof benchmarkRuns>>[number];

/** Runs found to be regressions lately, newest first, for the home page. */
export async function recentRegressions(days = 30, limit = 10) {
  const rows = await getPrisma().run.findMany({
    where: { regressionVerdict: 'regression', createdAt: { gte: new Date(Date.now() - days * 86_400_000) } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, createdAt: true, gatewayName: true, gatewayVersion: true, targetName: true, title: true, stageLabel: true, instanceCount: true, regression: true, benchmark: { select: { id: true, name: true } } },
  });
  return rows.map((row) => ({ ...row, name: runName(row), regression: parseStoredRegression(row.regression) }));
}
