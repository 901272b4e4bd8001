'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { formatCount, formatMs, formatRps } from '@/lib/format';
import { BEFORE_ANY_SECOND } from '@/lib/runs/series';
import { SeriesCharts, type ChartPoint } from './series-charts';

const ACTIVE = new Set(['queued', 'running']);

interface LiveResponse {
  status: string;
  startedAt: string | null;
  points: ChartPoint[];
}

/**
 * The per-second charts of a run. While it runs, asks every second for the seconds it has
 * not seen yet (not the whole page), and refreshes the page once the run has ended.
 */
export function RunLive({ runId, liveUrl, initialStatus, initialPoints, durationMs, requestLimit, streaming }: {
  runId: string;
  liveUrl: string;
  initialStatus: string;
  initialPoints: ChartPoint[];
  durationMs?: number;
  requestLimit?: number;
  streaming: boolean;
}) {
  const router = useRouter();
  const [points, setPoints] = useState(initialPoints);
  const [status, setStatus] = useState(initialStatus);
  const after = useRef(initialPoints.at(-1)?.second ?? BEFORE_ANY_SECOND);
  const active = ACTIVE.has(status);

  const { data } = useQuery({
    queryKey: ['run-live', runId],
    queryFn: async (): Promise<LiveResponse> => {
      const response = await fetch(`${liveUrl}${liveUrl.includes('?') ? '&' : '?'}after=${after.current}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`live update failed: HTTP ${response.status}`);
      return response.json();
    },
    enabled: active,
    refetchInterval: active ? 1000 : false,
    refetchIntervalInBackground: true,
  });

  useEffect(() => {
    if (!data) return;
    const fresh = data.points.filter((p) => p.second > after.current);
    if (fresh.length) {
      after.current = fresh.at(-1)!.second;
      setPoints((existing) => [...existing, ...fresh]);
    }
    if (data.status !== status) {
      setStatus(data.status);
      router.refresh(); // the header's status, and at the end the summary, come from the server
    }
  }, [data, status, router]);

  // Warm-up seconds (negative) are drawn, shaded, but count in no total.
  const measured = points.filter((p) => p.second >= 0);
  const requests = measured.reduce((n, p) => n + p.requests, 0);
  const failures = measured.reduce((n, p) => n + p.failures, 0);
  const last = points.at(-1);
  const warmingUp = last !== undefined && last.second < -1;
  const elapsedS = measured.length ? measured.at(-1)!.second + 1 : 0;
  const progress = durationMs ? Math.min(1, (elapsedS * 1000) / durationMs) : requestLimit ? Math.min(1, requests / requestLimit) : undefined;

  return (
    <section aria-label="Live results" className="grid gap-4">
      {active && (
        <div className="rounded-xl border border-blue-200 bg-blue-50 p-4" role="status" aria-live="polite">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm text-blue-900">
            <span className="font-medium">{status === 'queued' ? 'Starting…' : warmingUp ? 'Warming up (not counted)' : 'Running'}</span>
            <span>
              {elapsedS}s elapsed
              {durationMs ? ` · ${Math.max(0, Math.round(durationMs / 1000 - elapsedS))}s remaining` : ''}
              {requestLimit ? ` · ${formatCount(requests)} of ${formatCount(requestLimit)} requests` : ''}
            </span>
          </div>
          {progress !== undefined && (
            <div className="mt-2 h-2 overflow-hidden rounded-full bg-blue-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
              <div className="h-full bg-blue-600 transition-all" style={{ width: `${progress * 100}%` }} />
            </div>
          )}
          <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
            {[
              ['Requests', formatCount(requests)],
              ['Failures', formatCount(failures)],
              ['RPS (last s)', formatRps(measured.at(-1)?.rps)],
              ['p95 (last s)', `${formatMs(last?.p95Ms)} ms`],
              ['Users', formatCount(last?.activeUsers)],
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-blue-800">{label}</dt>
                <dd className="font-semibold tabular-nums text-blue-950" data-testid={`live-${label.split(' ')[0].toLowerCase()}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {points.length > 0 ? <SeriesCharts points={points} streaming={streaming} /> : <p className="text-sm text-slate-600">No per-second data yet.</p>}
    </section>
  );
}
