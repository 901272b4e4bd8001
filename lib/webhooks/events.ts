/**
 * What the app tells webhooks, and the two bodies it sends: plain JSON (the event itself) and
 * Slack-compatible ({ text } with mrkdwn links, which Slack, Mattermost, Rocket.Chat and
 * Discord's /slack endpoint accept). Pure: tested without a network.
 */
export const WEBHOOK_EVENTS = {
  'run.finished': 'a run finished (completed, failed or cancelled)',
  'thresholds.failed': 'a run failed one of its thresholds',
  'regression.found': 'a benchmark run was found to be a regression',
} as const;

export type WebhookEventName = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEventName[];

export interface WebhookEvent {
  event: WebhookEventName;
  /** When it happened (ISO 8601). */
  at: string;
  /** One sentence, as a person would say it. */
  summary: string;
  run: {
    id: string;
    name: string;
    url: string;
    status: string;
    statusReason: string | null;
    gatewayVersion: string | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
    latencyP99Ms: number | null;
    rps: number | null;
    errorRate: number | null;
    thresholdsPassed: boolean | null;
  };
  benchmark?: { id: string; name: string; url: string };
  /** Thresholds that failed, as written (e.g. "p95_ms < 300 (was 412)"). */
  failedThresholds?: string[];
  /** The regression verdict's metrics that got worse. */
  regression?: { metric: string; change: number; value: number; historyMean: number }[];
}

const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);

export function webhookBody(format: 'slack' | 'json', event: WebhookEvent): object {
  if (format === 'json') return event;
  const icon = { 'run.finished': event.run.status === 'completed' ? ':white_check_mark:' : ':warning:', 'thresholds.failed': ':x:', 'regression.found': ':chart_with_upwards_trend:' }[event.event];
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = [
    `${icon} ${escape(event.summary)}`,
    `<${event.run.url}|${escape(event.run.name)}>${event.benchmark ? ` · benchmark <${event.benchmark.url}|${escape(event.benchmark.name)}>` : ''}`,
    `p50 ${ms(event.run.latencyP50Ms)} · p95 ${ms(event.run.latencyP95Ms)} · p99 ${ms(event.run.latencyP99Ms)} · ${event.run.rps === null ? '–' : event.run.rps.toFixed(1)} req/s`,
    ...(event.failedThresholds?.length ? [`Failed: ${event.failedThresholds.map(escape).join('; ')}`] : []),
  ];
  return { text: lines.join('\n') };
}
