import { formatCount, formatRps } from '@/lib/format';
import type { RunPointRow } from '@/lib/runs/queries';

/**
 * "Does this gateway enforce its quota?" as figures: the rate it accepted (per second and per
 * minute) against the rate offered, the share of 429s and the second they began.
 */
export function RateLimitSummary({ rps, attemptRps, requests, rateLimited, points }: { rps: number | null; attemptRps: number | null; requests: number; rateLimited: number; points: RunPointRow[] }) {
  const first = points.find((p) => p.second >= 0 && (p.rateLimited ?? 0) > 0);
  const items: [string, string][] = [
    ['Accepted', `${formatRps(rps)} /s · ${formatCount(rps === null ? null : Math.round(rps * 60))} /min`],
    ['Offered', attemptRps === null ? '—' : `${formatRps(attemptRps)} /s · ${formatCount(Math.round(attemptRps * 60))} /min`],
    ['Rate-limited (429)', `${formatCount(rateLimited)} of ${formatCount(requests)} (${((rateLimited / requests) * 100).toFixed(1)}%)`],
    ['429s began', first ? `in second ${first.second + 1}` : '—'],
  ];
  return (
    <section aria-label="Rate limit" className="rounded-xl border border-orange-200 bg-orange-50 p-4 text-sm text-orange-950">
      <h2 className="mb-2 font-semibold">Rate limit</h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-orange-800">{label}</dt>
            <dd className="font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
