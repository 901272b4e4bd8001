'use client';

import type { SeriesPoint } from '@/lib/runner/metrics/recorder';
import { isPartialWindow } from '@/lib/runner/validity';
import { formatMs, formatRps } from '@/lib/format';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** The per-second fields the charts draw (a stored RunPoint or a live engine point); health fields may be missing on old runs. */
export type ChartPoint = Pick<SeriesPoint, 'second' | 'requests' | 'failures' | 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'activeUsers' | 'ttftP50Ms' | 'outputTokens'> & {
  windowMs?: number | null;
  rateLimited?: number | null;
  intended?: number | null;
  sent?: number | null;
  clientBusy?: number | null;
  hostCpuBusy?: number | null;
};

type Row = ChartPoint & { at: number; successRps: number | null; attemptRps: number | null; failuresPerSec: number | null; tokensPerSec: number | null; rateLimitedShare: number | null; enginePercent: number | null; hostPercent: number | null };

interface LineSpec {
  key: keyof Row;
  name: string;
  color: string;
}

const round = (value: unknown, unit?: string) => (typeof value === 'number' ? (unit === ' ms' ? formatMs(value) : formatRps(value)) : '—');

/** Straight segments between the points (nothing smoothed in), warm-up shaded, values rounded like the tables. */
function Chart({ title, data, lines, unit }: { title: string; data: Row[]; lines: LineSpec[]; unit?: string }) {
  // x is the end of each window in seconds since measuring began: warm-up ends at 0.
  const warmupFrom = data[0] && data[0].at < 0 ? data[0].at - 1 : undefined;
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" type="number" domain={[warmupFrom ?? 'dataMin', 'dataMax']} allowDecimals={false} tickFormatter={(s: number) => `${s}s`} fontSize={11} />
            <YAxis fontSize={11} width={unit ? 60 : 48} unit={unit} />
            {warmupFrom !== undefined && <ReferenceArea x1={warmupFrom} x2={0} fill="#94a3b8" fillOpacity={0.15} label={{ value: 'warm-up', position: 'insideTopLeft', fontSize: 10, fill: '#64748b' }} />}
            <Tooltip
              labelFormatter={(at) => (Number(at) <= 0 ? `warm-up (not in results), ${-Number(at)} s before measuring` : `second ${at}`)}
              formatter={(value) => round(value, unit)}
            />
            {lines.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {lines.map((line) => (
              <Line key={line.key} type="linear" dataKey={line.key} name={line.name} stroke={line.color} dot={false} isAnimationActive={false} strokeWidth={2} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Rates are per second of each window; the part-second before the stop draws no rate point. */
function rows(points: ChartPoint[]): Row[] {
  return points.map((p) => {
    const whole = !isPartialWindow(p.windowMs);
    const perSecond = (count: number) => (whole ? (count * 1000) / (p.windowMs || 1000) : null);
    return {
      ...p,
      at: p.second + 1,
      successRps: whole ? p.rps : null,
      attemptRps: perSecond(p.requests),
      failuresPerSec: perSecond(p.failures),
      tokensPerSec: perSecond(p.outputTokens),
      rateLimitedShare: p.requests > 0 && p.rateLimited !== null && p.rateLimited !== undefined ? (p.rateLimited / p.requests) * 100 : null,
      enginePercent: p.clientBusy === null || p.clientBusy === undefined ? null : p.clientBusy * 100,
      hostPercent: p.hostCpuBusy === null || p.hostCpuBusy === undefined ? null : p.hostCpuBusy * 100,
    };
  });
}

export function SeriesCharts({ points, streaming }: { points: ChartPoint[]; streaming: boolean }) {
  const data = rows(points);
  const rateLimited = points.some((p) => (p.rateLimited ?? 0) > 0);
  const health = points.some((p) => p.clientBusy !== null && p.clientBusy !== undefined);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Chart
        title="Requests per second"
        data={data}
        lines={[
          { key: 'successRps', name: 'successful', color: '#4f46e5' },
          { key: 'attemptRps', name: 'attempted', color: '#a5b4fc' },
        ]}
      />
      <Chart
        title="Latency (ms)"
        unit=" ms"
        data={data}
        lines={[
          { key: 'p50Ms', name: 'p50', color: '#10b981' },
          { key: 'p95Ms', name: 'p95', color: '#f59e0b' },
          { key: 'p99Ms', name: 'p99', color: '#ef4444' },
        ]}
      />
      <Chart title="Failures per second" data={data} lines={[{ key: 'failuresPerSec', name: 'failures', color: '#dc2626' }]} />
      <Chart title="Active users" data={data} lines={[{ key: 'activeUsers', name: 'users', color: '#0ea5e9' }]} />
      {rateLimited && <Chart title="Rate-limited (HTTP 429), % of requests" unit="%" data={data} lines={[{ key: 'rateLimitedShare', name: '429 share', color: '#ea580c' }]} />}
      {health && (
        <Chart
          title="Load generator: busy %"
          unit="%"
          data={data}
          lines={[
            { key: 'enginePercent', name: 'engine', color: '#7c3aed' },
            { key: 'hostPercent', name: 'host CPU', color: '#64748b' },
          ]}
        />
      )}
      {streaming && (
        <>
          <Chart title="TTFT p50 (ms)" unit=" ms" data={data} lines={[{ key: 'ttftP50Ms', name: 'TTFT p50', color: '#8b5cf6' }]} />
          <Chart title="Output tokens per second" data={data} lines={[{ key: 'tokensPerSec', name: 'tokens/s', color: '#14b8a6' }]} />
        </>
      )}
    </div>
  );
}
