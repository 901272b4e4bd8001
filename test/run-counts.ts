/** A stored run's requests as its windows and drain add them up: every measured request is in exactly one. */
import { parseStoredReport } from '../lib/runs/stored';

export function countedRequests(run: { report: unknown; points: { second: number; requests: number; failures: number }[] }) {
  const drain = parseStoredReport(run.report)?.drain ?? { requests: 0, failures: 0 };
  const measured = run.points.filter((p) => p.second >= 0);
  return {
    requests: measured.reduce((n, p) => n + p.requests, 0) + drain.requests,
    failures: measured.reduce((n, p) => n + p.failures, 0) + drain.failures,
  };
}
