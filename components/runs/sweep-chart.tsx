'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SweepPoint {
  stage: string;
  rps: number | null;
  p95: number | null;
  knee: boolean;
}

/** Throughput (bars) and p95 (line) per sweep stage, the p95 limit as a line, the knee in green. */
export function SweepChart({ points, limitMs }: { points: SweepPoint[]; limitMs: number }) {
  return (
    <div className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="stage" fontSize={11} />
          <YAxis yAxisId="rps" fontSize={11} width={56} label={{ value: 'RPS', angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <YAxis yAxisId="p95" orientation="right" fontSize={11} width={56} unit=" ms" />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="rps" dataKey="rps" name="RPS" fill="#6366f1" isAnimationActive={false} shape={(props: { x?: number; y?: number; width?: number; height?: number; payload?: SweepPoint }) => (
            <rect x={props.x} y={props.y} width={props.width} height={props.height} fill={props.payload?.knee ? '#10b981' : '#6366f1'} />
          )} />
          <Line yAxisId="p95" dataKey="p95" name="p95 ms" stroke="#ef4444" strokeWidth={2} isAnimationActive={false} />
          <ReferenceLine yAxisId="p95" y={limitMs} stroke="#ef4444" strokeDasharray="4 4" label={{ value: `p95 limit ${limitMs} ms`, fontSize: 11, fill: '#b91c1c', position: 'insideTopRight' }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
