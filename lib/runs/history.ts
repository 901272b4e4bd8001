/**
 * The run history: filters and sort parsed once from the URL into a typed object, and one
 * query that answers them from indexed columns (never from the JSON config).
 */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import type { Prisma, PrismaClient } from '../db/generated/client';

export const runStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export const sortableColumns = ['createdAt', 'rps', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'requests', 'failures', 'instanceCount'] as const;
export const PAGE_SIZE = 50;

const text = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const day = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
      ctx.addIssue({ code: 'custom', message: 'dates look like 2026-11-30' });
      return z.NEVER;
    }
    return v;
  });

export const historyFilterSchema = z.object({
  target: z.string().uuid().optional().catch(undefined),
  gateway: text(100),
  version: text(100),
  instances: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  tag: text(64),
  status: z.enum(runStatuses).optional().catch(undefined),
  /** Runs whose thresholds all held (passed) or not (failed). */
  thresholds: z.enum(['passed', 'failed']).optional().catch(undefined),
  from: day.catch(undefined),
  to: day.catch(undefined),
  sort: z.enum(sortableColumns).default('createdAt').catch('createdAt'),
  dir: z.enum(['asc', 'desc']).default('desc').catch('desc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export type HistoryFilter = z.output<typeof historyFilterSchema>;

/** Search params (as Next gives them) → a filter; anything unusable falls back to its default. */
export function parseHistoryFilter(params: Record<string, string | string[] | undefined>): HistoryFilter {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return historyFilterSchema.parse(flat);
}

export function historyWhere(filter: HistoryFilter): Prisma.RunWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) createdAt.lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000);
  return {
    ...(filter.target && { targetId: filter.target }),
    // Gateway and version match from the start, in any case ("lite" finds LiteLLM); tags are stored lower-case.
    ...(filter.gateway && { gatewayName: { startsWith: filter.gateway, mode: 'insensitive' as const } }),
    ...(filter.version && { gatewayVersion: { startsWith: filter.version, mode: 'insensitive' as const } }),
    ...(filter.instances && { instanceCount: filter.instances }),
    ...(filter.tag && { tags: { has: filter.tag.toLowerCase() } }),
    ...(filter.status && { status: filter.status }),
    ...(filter.thresholds && { thresholdsPassed: filter.thresholds === 'passed' }),
    ...((filter.from || filter.to) && { createdAt }),
  };
}

/**
 * A sweep is one row (its first stage stands for it, its stages listed under it). Sorting by a
 * metric lists the runs that have it (an index serves either direction).
 */
export function historyQuery(filter: HistoryFilter) {
  const where: Prisma.RunWhereInput = { ...historyWhere(filter), OR: [{ sweepId: null }, { sweepStage: 0 }] };
  if (filter.sort !== 'createdAt') Object.assign(where, { [filter.sort]: { not: null } });
  return { where, orderBy: [{ [filter.sort]: filter.dir }, { id: 'asc' as const }] };
}

export async function listRuns(filter: HistoryFilter, prisma: PrismaClient = getPrisma()) {
  const rows = await prisma.run.findMany({
    ...historyQuery(filter),
    skip: (filter.page - 1) * PAGE_SIZE,
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      status: true,
      thresholdsPassed: true,
      targetName: true,
      stageLabel: true,
      gatewayName: true,
      gatewayVersion: true,
      instanceCount: true,
      tags: true,
      createdAt: true,
      requests: true,
      failures: true,
      rps: true,
      latencyP50Ms: true,
      latencyP95Ms: true,
      latencyP99Ms: true,
      title: true,
      importedFrom: true,
      validity: true,
      sweepId: true,
    },
  });
  const runs = rows.slice(0, PAGE_SIZE);
  const sweepIds = runs.flatMap((run) => (run.sweepId ? [run.sweepId] : []));
  const stages = sweepIds.length
    ? await prisma.run.findMany({
        where: { sweepId: { in: sweepIds } },
        orderBy: [{ sweepId: 'asc' }, { sweepStage: 'asc' }],
        select: { id: true, sweepId: true, stageLabel: true, status: true, rps: true, latencyP95Ms: true },
      })
    : [];
  return { runs: runs.map((run) => ({ ...run, stages: stages.filter((s) => s.sweepId !== null && s.sweepId === run.sweepId) })), hasMore: rows.length > PAGE_SIZE };
}

export type HistoryRow = Awaited<ReturnType<typeof listRuns>>['runs'][number];

/** The URL of the history with some filter values changed (page resets unless given). */
export function historyHref(filter: HistoryFilter, change: Partial<Record<keyof HistoryFilter, string | number | undefined>>): string {
  const next: Record<string, string> = {};
  const merged = { ...filter, page: undefined, ...change } as Record<string, unknown>;
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === '' || (key === 'sort' && value === 'createdAt') || (key === 'dir' && value === 'desc') || (key === 'page' && value === 1)) continue;
    next[key] = String(value);
  }
  const query = new URLSearchParams(next).toString();
  return query ? `/runs?${query}` : '/runs';
}

/** Column headings of the history table, each a link that sorts by it (again: the other way). */
export const SORT_LABELS: Record<(typeof sortableColumns)[number], [string, boolean]> = {
  instanceCount: ['Inst.', true],
  requests: ['Requests', true],
  failures: ['Failures', true],
  rps: ['RPS', true],
  latencyP50Ms: ['p50 ms', true],
  latencyP95Ms: ['p95 ms', true],
  latencyP99Ms: ['p99 ms', true],
  createdAt: ['Date', false],
};

export interface SortLink {
  label: string;
  href: string;
  active?: 'asc' | 'desc';
  numeric?: boolean;
}

export function historySortLinks(filter: HistoryFilter): Record<string, SortLink> {
  return Object.fromEntries(
    Object.entries(SORT_LABELS).map(([key, [label, numeric]]) => {
      const active = filter.sort === key ? filter.dir : undefined;
      return [key, { label, numeric, active, href: historyHref(filter, { sort: key, dir: active === 'desc' ? 'asc' : 'desc' }) }];
    }),
  );
}
