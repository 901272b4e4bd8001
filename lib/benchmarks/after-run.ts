/**
 * What follows a written run (the run manager's `onRunWritten`): a benchmark run is tested
 * against its benchmark's history and the verdict stored; then webhooks hear of it (run finished,
 * a threshold failed, a regression found).
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { runName } from '../runs/names';
import { parseStoredReport } from '../runs/stored';
import { notify } from '../webhooks/store';
import type { WebhookEvent, WebhookEventName } from '../webhooks/events';
import { detectRegression, REGRESSION_METRICS, REGRESSION_POLICY, type RegressionResult } from './regression';
import { jsonColumn } from '../runs/stored';
import { forgetSharedPagesOf } from '../shares/page-cache';

const metricSelect = Object.fromEntries(REGRESSION_METRICS.map((m) => [m.key, true])) as { [K in (typeof REGRESSION_METRICS)[number]['key']]: true };

type JudgedRun = { id: string; status: string; benchmarkId: string | null; createdAt: Date } & { [K in keyof typeof metricSelect]: number | null };

/** Tests a finished benchmark run against the completed runs of its benchmark before it; stores and returns the verdict. */
async function judgeBenchmarkRun(run: JudgedRun): Promise<RegressionResult | null> {
  const prisma = getPrisma();
  if (!run.benchmarkId || run.status !== 'completed') return null;
  const history = await prisma.run.findMany({
    where: { benchmarkId: run.benchmarkId, status: 'completed', id: { not: run.id }, createdAt: { lt: run.createdAt }, OR: [{ validity: null }, { validity: { not: 'invalid' } }] },
    orderBy: { createdAt: 'desc' },
    take: REGRESSION_POLICY.window,
    select: { id: true, ...metricSelect },
  });
  const result = detectRegression(run, history);
  await prisma.run.update({ where: { id: run.id }, data: { regressionVerdict: result.verdict, regression: jsonColumn(result) } });
  forgetSharedPagesOf([run.id]);
  return result;
}

export async function afterRunWritten(runId: string, publicUrl: string): Promise<void> {
  const run = await getPrisma().run.findUnique({ where: { id: runId }, include: { benchmark: { select: { id: true, name: true } } } });
  if (!run) return;
  const regression = await judgeBenchmarkRun(run);
  // An experiment's arms are one question: its page answers it, not a message per arm.
  if (run.experimentId) return;
  const link = (path: string) => new URL(path, publicUrl).toString();
  const failed = (parseStoredReport(run.report)?.thresholds?.results ?? []).filter((t) => !t.passed);
  const base = {
    at: new Date().toISOString(),
    run: {
      id: run.id,
      name: runName(run),
      url: link(`/runs/${run.id}`),
      status: run.status,
      statusReason: run.statusReason,
      gatewayVersion: run.gatewayVersion,
      latencyP50Ms: run.latencyP50Ms,
      latencyP95Ms: run.latencyP95Ms,
      latencyP99Ms: run.latencyP99Ms,
      rps: run.rps,
      errorRate: run.requests ? (run.failures ?? 0) / run.requests : null,
      thresholdsPassed: run.thresholdsPassed,
    },
    benchmark: run.benchmark ? { ...run.benchmark, url: link(`/benchmarks/${run.benchmark.id}`) } : undefined,
  };
  const events: { event: WebhookEventName; summary: string; extra?: Partial<WebhookEvent> }[] = [
    { event: 'run.finished', summary: `${base.run.name} ${run.status}${run.thresholdsPassed === false ? ', failing a threshold' : ''}${regression?.verdict === 'regression' ? ', a regression' : ''}.` },
  ];
  if (run.thresholdsPassed === false) {
    const written = failed.map((t) => `${t.expression} (was ${t.actual === null ? 'not measured' : +t.actual.toPrecision(4)})`);
    events.push({ event: 'thresholds.failed', summary: `${base.run.name} failed ${failed.length === 1 ? 'a threshold' : `${failed.length} thresholds`}: ${written.join('; ')}.`, extra: { failedThresholds: written } });
  }
  if (regression?.verdict === 'regression') {
    events.push({
      event: 'regression.found',
      summary: `${run.benchmark?.name ?? base.run.name}: ${regression.summary}`,
      extra: { regression: regression.checks.filter((c) => c.verdict === 'regression').map((c) => ({ metric: c.metric, change: c.change, value: c.value, historyMean: c.historyMean })) },
    });
  }
  for (const { event, summary, extra } of events) await notify({ event, summary, ...base, ...extra });
}
