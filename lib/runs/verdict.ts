/**
 * A run's verdict for scripts and CI: done or not, its status, and whether its thresholds
 * held. `POST /api/runs?wait=N` waits for it (bounded); `GET /api/runs/<id>/verdict` polls it.
 */
import { getPrisma } from '../db/client';
import { findRunManager } from './registry';
import { parseStoredReport } from './stored';
import { parseStoredRegression } from '../benchmarks/stored';

/** The longest a request may wait for a run to finish. */
export const MAX_WAIT_S = 900;

/** `wait=1` means the longest; any other number of seconds up to MAX_WAIT_S; absent: do not wait. */
export function waitSeconds(text: string | null): number | undefined | 'invalid' {
  if (text === null || text === '' || text === '0') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WAIT_S) return 'invalid';
  return n === 1 ? MAX_WAIT_S : n;
}

export interface Verdict {
  done: boolean;
  /** Every run finished and none failed, every threshold held, and no benchmark run is a regression. */
  passed: boolean | null;
  runs: {
    id: string;
    status: string;
    statusReason: string | null;
    thresholdsPassed: boolean | null;
    thresholds: { expression: string; passed: boolean; actual: number | null }[];
    /** A benchmark run's verdict against its history (null: not a benchmark run, or not judged). */
    regression: { verdict: string; summary: string } | null;
  }[];
}

export async function getVerdict(runIds: string[]): Promise<Verdict> {
  const rows = await getPrisma().run.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, statusReason: true, thresholdsPassed: true, report: true, regression: true } });
  const runs = runIds.flatMap((id) => rows.filter((r) => r.id === id)).map(({ report, regression, ...run }) => {
    const judged = parseStoredRegression(regression);
    return {
      ...run,
      thresholds: (parseStoredReport(report)?.thresholds?.results ?? []).map(({ expression, passed, actual }) => ({ expression, passed, actual })),
      regression: judged ? { verdict: judged.verdict, summary: judged.summary } : null,
    };
  });
  const done = runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running');
  return { done, passed: done ? runs.every((r) => r.status === 'completed' && r.thresholdsPassed !== false && r.regression?.verdict !== 'regression') : null, runs };
}

/** Waits until the runs have finished and written their results, or the time is up. */
export async function waitForVerdict(runIds: string[], forMs: number): Promise<Verdict> {
  const manager = findRunManager();
  if (manager && runIds.length) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([manager.settled(runIds[0]), new Promise((resolve) => (timer = setTimeout(resolve, forMs)))]);
    clearTimeout(timer);
  }
  return getVerdict(runIds);
}
