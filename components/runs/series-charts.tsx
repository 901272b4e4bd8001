'use client';

import type { SeriesPoint } from '@/lib/runner/metrics/recorder';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** The per-second fields the charts draw (a stored RunPoint or a live engine point). */
export type ChartPoint = Pick<SeriesPoint, 'second' | 'requests' | 'failures' | 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'activeUsers' | 'ttftP50Ms' | 'outputTokens'>;

function Chart({ title, data, lines, unit }: { title: string; data: ChartPoint[]; lines: { key: keyof ChartPoint; name: string; color: string }[]; unit?: string }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="second" tickFormatter={(s: number) => `${s + 1}s`} fontSize={11} />
            <YAxis fontSize={11} width={48} unit={unit} />
            <Tooltip labelFormatter={(s) => `second ${Number(s) + 1}`} />
            {lines.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {lines.map((line) => (
              <Line key={line.key} type="monotone" dataKey={line.key} name={line.name} stroke={line.color} dot={false} isAnimationActive={false} strokeWidth={2} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function SeriesCharts({ points, streaming }: { points: ChartPoint[]; streaming: boolean }) {
  const data = points.map((p) => ({ ...p, tokensPerSec: p.outputTokens }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Chart title="Requests per second" data={data} lines={[{ key: 'rps', name: 'RPS', color: '#4f46e5' }]} />
      <Chart
        title="Latency (ms)"
        data={data}
        lines={[
          { key: 'p50Ms', name: 'p50', color: '#10b981' },
          { key: 'p95Ms', name: 'p95', color: '#f59e0b' },
          { key: 'p99Ms', name: 'p99', color: '#ef4444' },
        ]}
      />
      <Chart title="Failures per second" data={data} lines={[{ key: 'failures', name: 'failures', color: '#dc2626' }]} />
      <Chart title="Active users" data={data} lines={[{ key: 'activeUsers', name: 'users', color: '#0ea5e9' }]} />
      {streaming && (
        <>
          <Chart title="TTFT p50 (ms)" data={data} lines={[{ key: 'ttftP50Ms', name: 'TTFT p50', color: '#8b5cf6' }]} />
          <Chart title="Output tokens per second" data={data} lines={[{ key: 'outputTokens', name: 'tokens/s', color: '#14b8a6' }]} />
        </>
      )}
    </div>
  );
}
