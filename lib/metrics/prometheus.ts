/**
 * `GET /metrics`: live run metrics and the app's health in Prometheus's text format, through
 * prom-client (its registry and serializer). The run manager hands every second's point here;
 * counters and histograms grow with them, labelled by run, target, gateway and version. A run's
 * series stay for 10 minutes after it ends (so the last scrape sees its totals), then go.
 *
 * The latency and TTFT histograms are built from each second's bucket counts (the engine counts
 * its window histogram into PROMETHEUS_BUCKETS_MS), so they hold every successful request, not a
 * sample.
 */
import { Counter, Gauge, Registry, type MetricObjectWithValues, type MetricValueWithName } from 'prom-client';
import { PROMETHEUS_BUCKETS_MS, type SeriesPoint } from '../runner/metrics/recorder';
import { processSlot } from '../process-slot';

export interface RunLabels {
  run: string;
  target: string;
  gateway: string;
  version: string;
}

export interface AppHealth {
  databaseUp: boolean;
  runsRunning: number;
  workersOnline: number;
}

const KEEP_FINISHED_MS = 10 * 60_000;
const LABELS = ['run', 'target', 'gateway', 'version'] as const;

/** A histogram whose buckets are set from counts (prom-client's Histogram only takes single observations). */
class BucketHistogram {
  private readonly series = new Map<string, { labels: RunLabels; counts: number[]; sum: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  add(labels: RunLabels, counts: number[], sumMs: number): void {
    const key = labels.run;
    const entry = this.series.get(key) ?? { labels, counts: new Array<number>(PROMETHEUS_BUCKETS_MS.length + 1).fill(0), sum: 0 };
    counts.forEach((count, i) => (entry.counts[i] += count));
    entry.sum += sumMs / 1000;
    this.series.set(key, entry);
  }

  remove(run: string): void {
    this.series.delete(run);
  }

  /** The shape prom-client's registry serializes (registered as a custom metric). */
  async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const values: MetricValueWithName<string>[] = [];
    for (const { labels, counts, sum } of this.series.values()) {
      let cumulative = 0;
      PROMETHEUS_BUCKETS_MS.forEach((bound, i) => {
        cumulative += counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: bound / 1000 }, value: cumulative });
      });
      cumulative += counts[PROMETHEUS_BUCKETS_MS.length];
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: cumulative });
      values.push({ metricName: `${this.name}_sum`, labels: { ...labels }, value: sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...labels }, value: cumulative });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' } as unknown as MetricObjectWithValues<MetricValueWithName<string>>;
  }
}

export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'gateway_bench_run_requests_total', help: 'Requests completed by a run (successes and failures), measured part', labelNames: LABELS, registers: [this.registry] });
  private readonly failures = new Counter({ name: 'gateway_bench_run_failures_total', help: 'Failed requests of a run by class (http_429: rate limited; other: every other failure)', labelNames: [...LABELS, 'class'], registers: [this.registry] });
  private readonly outputTokens = new Counter({ name: 'gateway_bench_run_output_tokens_total', help: 'Output tokens received by a run', labelNames: LABELS, registers: [this.registry] });
  private readonly activeUsers = new Gauge({ name: 'gateway_bench_run_active_users', help: 'Users (closed model) active in the last second', labelNames: LABELS, registers: [this.registry] });
  private readonly inFlight = new Gauge({ name: 'gateway_bench_run_in_flight', help: 'Requests in flight at the end of the last second', labelNames: LABELS, registers: [this.registry] });
  private readonly sendLag = new Gauge({ name: 'gateway_bench_run_send_lag_p99_seconds', help: 'Open model: p99 of how late sends were in the last second', labelNames: LABELS, registers: [this.registry] });
  private readonly rps = new Gauge({ name: 'gateway_bench_run_rps', help: 'Successful requests per second in the last second', labelNames: LABELS, registers: [this.registry] });
  private readonly latency = new BucketHistogram('gateway_bench_run_latency_seconds', 'End-to-end latency of successful requests');
  private readonly ttft = new BucketHistogram('gateway_bench_run_ttft_seconds', 'Time to first token of successful streamed requests');
  private readonly itl = new BucketHistogram('gateway_bench_run_itl_seconds', 'Inter-token latency: gaps between content chunks of successful streamed requests');
  private readonly finished = new Map<string, NodeJS.Timeout>();
  private readonly labelsOf = new Map<string, RunLabels>();

  constructor(health: () => Promise<AppHealth>) {
    const registry = this.registry;
    registry.registerMetric(this.latency as never);
    registry.registerMetric(this.ttft as never);
    registry.registerMetric(this.itl as never);
    const up = new Gauge({ name: 'gateway_bench_database_up', help: 'Whether the app reached its database at this scrape (1) or not (0)', registers: [registry] });
    const running = new Gauge({ name: 'gateway_bench_runs_running', help: 'Runs going in this app now', registers: [registry] });
    const workers = new Gauge({ name: 'gateway_bench_workers_online', help: 'Load workers that heartbeated in the last 5 s', registers: [registry] });
    // Read once per scrape, before the gauges are serialized.
    const collect = async () => {
      const now = await health().catch(() => ({ databaseUp: false, runsRunning: 0, workersOnline: 0 }));
      up.set(now.databaseUp ? 1 : 0);
      running.set(now.runsRunning);
      workers.set(now.workersOnline);
    };
    this.collectHealth = collect;
  }

  private readonly collectHealth: () => Promise<void>;

  /** One second of a run (warm-up seconds are left out, as from the run's totals). */
  observe(labels: RunLabels, point: SeriesPoint): void {
    if (point.second < 0) return;
    this.labelsOf.set(labels.run, labels);
    this.requests.inc(labels, point.requests);
    const rateLimited = point.rateLimited ?? 0;
    if (rateLimited) this.failures.inc({ ...labels, class: 'http_429' }, rateLimited);
    if (point.failures - rateLimited > 0) this.failures.inc({ ...labels, class: 'other' }, point.failures - rateLimited);
    if (point.outputTokens) this.outputTokens.inc(labels, point.outputTokens);
    this.activeUsers.set(labels, point.activeUsers);
    this.inFlight.set(labels, point.inFlight);
    this.rps.set(labels, point.rps);
    if (point.sendLagP99Ms != null) this.sendLag.set(labels, point.sendLagP99Ms / 1000);
    if (point.latencyBuckets) this.latency.add(labels, point.latencyBuckets, point.latencySumMs ?? 0);
    if (point.ttftBuckets) this.ttft.add(labels, point.ttftBuckets, point.ttftSumMs ?? 0);
    if (point.itlBuckets) this.itl.add(labels, point.itlBuckets, point.itlSumMs ?? 0);
  }

  /** A run ended: its gauges go to 0 now, all its series in 10 minutes. */
  runEnded(run: string): void {
    const labels = this.labelsOf.get(run);
    if (!labels || this.finished.has(run)) return;
    this.activeUsers.set(labels, 0);
    this.inFlight.set(labels, 0);
    this.rps.set(labels, 0);
    const timer = setTimeout(() => this.forget(run), KEEP_FINISHED_MS);
    timer.unref();
    this.finished.set(run, timer);
  }

  private forget(run: string): void {
    const labels = this.labelsOf.get(run);
    this.finished.delete(run);
    this.labelsOf.delete(run);
    if (!labels) return;
    for (const metric of [this.requests, this.outputTokens, this.activeUsers, this.inFlight, this.sendLag, this.rps]) metric.remove(labels);
    for (const cls of ['http_429', 'other']) this.failures.remove({ ...labels, class: cls });
    this.latency.remove(run);
    this.ttft.remove(run);
    this.itl.remove(run);
  }

  /** The exposition, with the app's health read now. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.collectHealth();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const slot = processSlot<PrometheusMetrics>('prometheus');

export function registerPrometheus(metrics: PrometheusMetrics | undefined): void {
  slot.set(metrics);
}

export function findPrometheus(): PrometheusMetrics | undefined {
  return slot.get();
}
