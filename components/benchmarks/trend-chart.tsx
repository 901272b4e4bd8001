'use client';

import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TrendPoint {
  /** Position on the x axis (runs in order), labelled with the version and date. */
  index: number;
  label: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  rps: number | null;
  ttftP95: number | null;
  /** pass / fail (thresholds or a regression) / none: the dot's colour. */
  outcome: 'pass' | 'fail' | 'none';
  baseline: boolean;
}

const dotColour = { pass: '#10b981', fail: '#ef4444', none: '#64748b' };

function OutcomeDot(props: { cx?: number; cy?: number; payload?: TrendPoint; stroke?: string; value?: number | null }) {
  const { cx, cy, payload, value } = props;
  if (cx === undefined || cy === undefined || !payload || value === null || value === undefined) return null;
  return <circle cx={cx} cy={cy} r={payload.baseline ? 6 : 4} fill={dotColour[payload.outcome]} stroke={payload.baseline ? '#1e293b' : '#fff'} strokeWidth={payload.baseline ? 2 : 1} />;
}

/** A benchmark's runs over time: latency percentiles (and TTFT) above, throughput below; dots coloured by pass/fail, the baseline ringed. */
export function TrendChart({ points, baseline }: { points: TrendPoint[]; baseline: TrendPoint | null }) {
  const labels = new Map(points.map((p) => [p.index, p.label]));
  const tick = (index: number) => labels.get(index) ?? '';
  const hasTtft = points.some((p) => p.ttftP95 !== null);
  const axis = <XAxis dataKey="index" type="number" domain={['dataMin', 'dataMax']} ticks={points.map((p) => p.index)} tickFormatter={tick} fontSize={11} interval="preserveStartEnd" />;
  return (
    <div className="grid gap-4">
      <figure aria-label="Latency trend" className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            {axis}
            <YAxis fontSize={11} width={56} unit=" ms" />
            <Tooltip labelFormatter={(index) => tick(Number(index))} formatter={(value) => (typeof value === 'number' ? `${value.toFixed(1)} ms` : value)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="p50" name="p50" stroke="#6366f1" strokeWidth={2} dot={<OutcomeDot />} isAnimationActive={false} connectNulls />
            <Line dataKey="p95" name="p95" stroke="#f59e0b" strokeWidth={2} dot={<OutcomeDot />} isAnimationActive={false} connectNulls />
            <Line dataKey="p99" name="p99" stroke="#ef4444" strokeWidth={1.5} dot={<OutcomeDot />} isAnimationActive={false} connectNulls />
            {hasTtft && <Line dataKey="ttftP95" name="TTFT p95" stroke="#0ea5e9" strokeWidth={1.5} strokeDasharray="4 2" dot={<OutcomeDot />} isAnimationActive={false} connectNulls />}
            {baseline?.p95 != null && <ReferenceLine y={baseline.p95} stroke="#1e293b" strokeDasharray="4 4" label={{ value: `baseline p95 ${baseline.p95.toFixed(1)} ms`, fontSize: 11, fill: '#1e293b', position: 'insideTopLeft' }} />}
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label="Throughput trend" className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            {axis}
            <YAxis fontSize={11} width={56} />
            <Tooltip labelFormatter={(index) => tick(Number(index))} formatter={(value) => (typeof value === 'number' ? `${value.toFixed(1)} req/s` : value)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="rps" name="throughput (req/s)" stroke="#10b981" strokeWidth={2} dot={<OutcomeDot />} isAnimationActive={false} connectNulls />
            {baseline?.rps != null && <ReferenceLine y={baseline.rps} stroke="#1e293b" strokeDasharray="4 4" label={{ value: `baseline ${baseline.rps.toFixed(1)} req/s`, fontSize: 11, fill: '#1e293b', position: 'insideBottomLeft' }} />}
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
