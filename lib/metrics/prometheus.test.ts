/** /metrics during and after a real run, parsed by a Prometheus text-format parser. */
import { getMetricsFromIterator, type PromData, type PromHistogramData } from 'prom2javascript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { startMockServer, type MockServer } from '../mock/server';
import { launchFromFields } from '../runs/launch';
import { RunManager } from '../runs/manager';
import { registerRunManager } from '../runs/registry';
import { parseStoredReport } from '../runs/stored';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { PrometheusMetrics, registerPrometheus } from './prometheus';

describe('Prometheus metrics', () => {
  let db: TestDatabase;
  let manager: RunManager;
  let mock: MockServer;
  let metrics: PrometheusMetrics;
  let databaseUp = true;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    registerRunManager(manager);
    metrics = new PrometheusMetrics(async () => ({ databaseUp, runsRunning: manager.load().runs, workersOnline: 0 }));
    registerPrometheus(metrics);
    mock = await startMockServer({ port: 0, latencyMs: 30 });
  });
  afterAll(async () => {
    registerPrometheus(undefined);
    await manager.shutdown();
    await mock.close();
    await db.drop();
  });

  const scrape = async () => {
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = await getMetricsFromIterator(body.split('\n')[Symbol.iterator]());
    return {
      samples: (name: string) => (families[name]?.data ?? []) as PromData[],
      histogram: (name: string) => ({ type: families[name]?.type, data: (families[name]?.data ?? []) as PromHistogramData[] }),
    };
  };

  it('exposes a running run by run, target, gateway and version, and its totals once it ends', async () => {
    const targetId = (await getPrisma().target.create({ data: { name: 'mock 30 ms', baseUrl: mock.url } })).id;
    const launched = await launchFromFields({ targetId, users: '5', duration: '4s', warmup: '1s', gatewayName: 'LiteLLM', gatewayVersion: '1.80.0' }, null);
    if (!launched.ok) throw new Error(JSON.stringify(launched.errors));
    const runId = launched.runIds[0];
    const labels = { run: runId, target: 'mock 30 ms', gateway: 'LiteLLM', version: '1.80.0' };

    // Mid-run: users active, requests counted, the health of the app.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    let scraped = await scrape();
    expect(scraped.samples('gateway_bench_run_active_users')).toEqual([{ labels, value: 5 }]);
    expect(scraped.samples('gateway_bench_run_requests_total')[0].value).toBeGreaterThan(50);
    expect(scraped.samples('gateway_bench_runs_running')[0].value).toBe(1);
    expect(scraped.samples('gateway_bench_database_up')[0].value).toBe(1);

    await manager.settled(runId);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: runId } });
    const drain = parseStoredReport(run.report)?.drain?.requests ?? 0;
    scraped = await scrape();
    // Every measured request of the run's windows (the drain after the stop is not a second of it).
    expect(scraped.samples('gateway_bench_run_requests_total')).toEqual([{ labels, value: run.requests! - drain }]);
    expect(scraped.samples('gateway_bench_run_failures_total')).toEqual([]);
    const latency = scraped.histogram('gateway_bench_run_latency_seconds');
    expect(latency.type).toBe('histogram');
    expect(latency.data).toHaveLength(1);
    const [histogram] = latency.data;
    expect(histogram.labels).toEqual(labels);
    expect(histogram.count).toBe(run.requests! - drain);
    // 30 ms replies: none within 25 ms, and nearly all within 50 ms (a busy machine delays a
    // few); buckets are cumulative; the mean is the run's.
    expect(histogram.buckets).toMatchObject({ '0.025': 0, '+Inf': histogram.count });
    expect(histogram.buckets['0.05']).toBeGreaterThanOrEqual(0.9 * histogram.count);
    const cumulative = Object.entries(histogram.buckets).sort(([a], [b]) => Number(a) - Number(b)).map(([, n]) => n);
    expect(cumulative).toEqual([...cumulative].sort((a, b) => a - b));
    expect(histogram.sum! / histogram.count).toBeCloseTo(run.latencyAvgMs! / 1000, 2);
    expect(scraped.samples('gateway_bench_run_active_users')).toEqual([{ labels, value: 0 }]);
    expect(scraped.samples('gateway_bench_runs_running')[0].value).toBe(0);

    databaseUp = false;
    expect((await scrape()).samples('gateway_bench_database_up')[0].value).toBe(0);
    databaseUp = true;
  }, 60_000);

  it('exposes a streamed run’s TTFT and inter-token latency histograms', async () => {
    const streaming = await startMockServer({ port: 0, latencyMs: 20, tokenDelayMs: 10, outputTokens: 8 });
    try {
      const targetId = (await getPrisma().target.create({ data: { name: 'mock stream', baseUrl: streaming.url } })).id;
      const launched = await launchFromFields({ targetId, users: '2', duration: '3s', warmup: '0', stream: 'on', maxTokens: '8' }, null);
      if (!launched.ok) throw new Error(JSON.stringify(launched.errors));
      const runId = launched.runIds[0];
      await manager.settled(runId);
      const scraped = await scrape();
      const ttft = scraped.histogram('gateway_bench_run_ttft_seconds').data.find((d) => d.labels.run === runId)!;
      const itl = scraped.histogram('gateway_bench_run_itl_seconds').data.find((d) => d.labels.run === runId)!;
      expect(scraped.histogram('gateway_bench_run_itl_seconds').type).toBe('histogram');
      // TTFT ~20 ms and a token every ~10 ms: seven gaps per reply of eight tokens (a busy
      // machine delivers some late and the next one early, so single gaps vary; their mean holds).
      expect(ttft.count).toBeGreaterThan(50);
      expect(itl.count).toBe(ttft.count * 7);
      expect(itl.sum! / itl.count).toBeGreaterThan(0.007);
      expect(itl.sum! / itl.count).toBeLessThan(0.03);
      expect(itl.buckets['+Inf']).toBe(itl.count);
    } finally {
      await streaming.close();
    }
  }, 60_000);
});
