'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { formatMs, formatRps } from '@/lib/format';
import { runColor } from '@/lib/compare/display';

interface RunSeries {
  id: string;
  label: string;
  curve: { percentile: number; ms: number }[];
  seconds: { second: number; rps: number; p95Ms: number | null }[];
}

function Figure({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Rows keyed by x with one column per run, for overlaying lines on a common axis. */
function overlay<T>(runs: RunSeries[], points: (run: RunSeries) => T[], x: (p: T) => number, y: (p: T) => number | null) {
  const rows = new Map<number, Record<string, number | null>>();
  for (const run of runs) {
    for (const p of points(run)) {
      const key = x(p);
      if (!rows.has(key)) rows.set(key, { x: key });
      rows.get(key)![run.id] = y(p);
    }
  }
  return [...rows.values()].sort((a, b) => a.x! - b.x!);
}

/** One line per run over a shared x axis. */
function Overlay({ title, runs, data, xLabel, unit }: { title: string; runs: RunSeries[]; data: Record<string, number | null>[]; xLabel: (x: number) => string; unit?: string }) {
  return (
    <Figure title={title}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="x" type="category" tickFormatter={xLabel} fontSize={11} />
        <YAxis fontSize={11} width={56} />
        <Tooltip labelFormatter={(v) => xLabel(Number(v))} formatter={(value) => (typeof value === 'number' ? (unit ? formatMs(value) : formatRps(value)) : '—')} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {runs.map((run, i) => (
          <Line key={run.id} type="linear" dataKey={run.id} name={run.label} stroke={runColor(i)} dot={false} strokeWidth={2} isAnimationActive={false} unit={unit} />
        ))}
      </LineChart>
    </Figure>
  );
}

export function CompareCharts({ runs, group }: { runs: RunSeries[]; group?: { title: string; points: { label: string; rps: number | null; p95: number | null }[] } }) {
  const curves = overlay(runs, (r) => r.curve, (p) => p.percentile, (p) => p.ms);
  const rps = overlay(runs, (r) => r.seconds, (p) => p.second + 1, (p) => p.rps);
  const p95 = overlay(runs, (r) => r.seconds, (p) => p.second + 1, (p) => p.p95Ms);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {group && (
        <div className="lg:col-span-2">
          <Figure title={group.title}>
            <ComposedChart data={group.points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis yAxisId="rps" fontSize={11} width={56} />
              <YAxis yAxisId="p95" orientation="right" fontSize={11} width={56} unit=" ms" />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar yAxisId="rps" dataKey="rps" name="RPS" fill="#6366f1" isAnimationActive={false} />
              <Line yAxisId="p95" dataKey="p95" name="p95 ms" stroke="#ef4444" strokeWidth={2} isAnimationActive={false} />
            </ComposedChart>
          </Figure>
        </div>
      )}
      <Overlay title="Latency distributions (ms by percentile)" runs={runs} data={curves} xLabel={(v) => `p${v}`} unit=" ms" />
      <Overlay title="Requests per second, by second of the run" runs={runs} data={rps} xLabel={(v) => `${v}s`} />
      <Overlay title="p95 latency (ms), by second of the run" runs={runs} data={p95} xLabel={(v) => `${v}s`} unit=" ms" />
    </div>
  );
}
