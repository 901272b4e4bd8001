/** How a compared run and a metric value read, on the compare page and in its link image. */
import { formatCount, formatMs, formatRps } from '../format';
import type { ComparedRun, MetricDefinition } from './comparison';

/** One colour per run, by its place in the comparison: the same in the table, every chart and the link image. */
export const RUN_COLORS = ['#4f46e5', '#10b981', '#f59e0b', '#ef4444', '#0ea5e9', '#8b5cf6', '#14b8a6', '#ec4899'];
export const runColor = (index: number) => RUN_COLORS[index % RUN_COLORS.length];

/** "LiteLLM 1.79.1 ×4", or the run id when it has no labels. */
export const runLabel = (run: Pick<ComparedRun, 'id' | 'gatewayName' | 'gatewayVersion' | 'instanceCount'>) =>
  [run.gatewayName, run.gatewayVersion, run.instanceCount !== null && `×${run.instanceCount}`].filter(Boolean).join(' ') || run.id;

export function formatMetricValue(metric: Pick<MetricDefinition, 'format'>, value: number | null): string {
  if (value === null) return '—';
  switch (metric.format) {
    case 'count':
      return formatCount(value);
    case 'ms':
      return formatMs(value);
    case 'rps':
      return formatRps(value);
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
  }
}
