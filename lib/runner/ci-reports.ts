/**
 * What a CI job reads after a run: a Markdown summary (for a job summary or a PR comment) and
 * JUnit XML (one test case per threshold), from the run's reports. Pure.
 */
import type { StageReport } from './report';

const ms = (v: number | undefined | null) => (v === undefined || v === null ? '—' : v >= 100 ? String(Math.round(v)) : v.toFixed(1));

export function markdownSummary(title: string, reports: StageReport[]): string {
  const lines = [`## ${title}`, ''];
  const thresholds = reports.flatMap((r) => r.thresholds?.results ?? []);
  const failed = thresholds.filter((t) => !t.passed);
  if (thresholds.length) lines.push(failed.length ? `❌ **${failed.length} of ${thresholds.length} thresholds failed**` : `✅ **All ${thresholds.length} thresholds passed**`, '');
  lines.push('| stage | requests | failures | p50 ms | p95 ms | p99 ms | RPS |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const r of reports) lines.push(`| ${r.label ?? 'run'} | ${r.requests} | ${r.failures} | ${ms(r.latencyMs?.p50)} | ${ms(r.latencyMs?.p95)} | ${ms(r.latencyMs?.p99)} | ${r.rps} |`);
  if (thresholds.length) {
    lines.push('', '| threshold | measured | result |', '|---|---:|---|');
    for (const t of thresholds) lines.push(`| \`${t.expression}\`${t.abortOnFail ? ' (abort)' : ''} | ${t.actual === null ? 'not measured' : Math.round(t.actual * 1000) / 1000} | ${t.passed ? '✅ passed' : '❌ failed'} |`);
  }
  const stopped = reports.find((r) => r.stoppedEarly);
  if (stopped) lines.push('', `Stopped early: ${stopped.stoppedEarly}`);
  return `${lines.join('\n')}\n`;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One <testcase> per threshold (a run without thresholds: one that passes when no request failed). */
export function junitXml(suite: string, reports: StageReport[], durationMs: number): string {
  const cases = reports.flatMap((r) =>
    r.thresholds?.results.length
      ? r.thresholds.results.map((t) => ({ name: `${r.label ?? 'run'}: ${t.expression}`, failure: t.passed ? undefined : `measured ${t.actual === null ? 'nothing' : Math.round(t.actual * 1000) / 1000}` }))
      : [{ name: `${r.label ?? 'run'}: no failed requests`, failure: r.failures ? `${r.failures} of ${r.requests} requests failed` : undefined }],
  );
  const failures = cases.filter((c) => c.failure).length;
  const body = cases.map((c) => `    <testcase classname="${escape(suite)}" name="${escape(c.name)}">${c.failure ? `<failure message="${escape(c.failure)}"/>` : ''}</testcase>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${cases.length}" failures="${failures}" time="${(durationMs / 1000).toFixed(3)}">\n  <testsuite name="${escape(suite)}" tests="${cases.length}" failures="${failures}" time="${(durationMs / 1000).toFixed(3)}">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
