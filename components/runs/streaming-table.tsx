import { formatMs, formatRps } from '@/lib/format';
import type { StoredReport } from '@/lib/runs/stored';

/** What a streamed reply's reader feels, as rows: first token, gaps between tokens, time per token, tokens/s; and goodput. */
export function StreamingTable({ report }: { report: StoredReport }) {
  const rows: [string, StoredReport['ttftMs']][] = [
    ['Time to first token (TTFT)', report.ttftMs],
    ['Inter-token latency (ITL)', report.itlMs],
    ['Time per output token (TPOT)', report.tpotMs],
  ];
  const goodput = report.goodput;
  const objectives = goodput
    ? [goodput.objectives.ttftMs !== undefined && `TTFT ≤ ${goodput.objectives.ttftMs} ms`, goodput.objectives.tpotMs !== undefined && `TPOT ≤ ${goodput.objectives.tpotMs} ms`, goodput.objectives.e2eMs !== undefined && `end to end ≤ ${goodput.objectives.e2eMs} ms`].filter(Boolean).join(', ')
    : '';
  return (
    <div className="grid gap-2">
      {report.ttftMs && (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="min-w-full text-sm" aria-label="Streaming">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Streaming (ms)</th>
                <th className="px-4 py-2 text-right">p50</th>
                <th className="px-4 py-2 text-right">p95</th>
                <th className="px-4 py-2 text-right">p99</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(([label, p]) => (
                <tr key={label}>
                  <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">{label}</th>
                  <td className="px-4 py-2 text-right tabular-nums">{formatMs(p?.p50)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatMs(p?.p95)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatMs(p?.p99)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">Output tokens/s (all users · per user)</th>
                <td colSpan={3} className="px-4 py-2 text-right tabular-nums">
                  {formatRps(report.outputTokensPerSec)} · {formatRps(report.perUserTokensPerSec)}
                  {report.tokensEstimated && <span className="ml-2 text-xs text-slate-500">(estimated: the server sent no usage)</span>}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {goodput && (
        <p className="text-sm text-slate-700" data-testid="goodput">
          Goodput: <strong>{formatRps(goodput.rps)} req/s</strong> met every objective ({objectives}) — {goodput.requests.toLocaleString('en-US')} requests, {(goodput.share * 100).toFixed(1)}% of all.
        </p>
      )}
    </div>
  );
}
