'use client';

import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

/** Measured throughput per instance count (dots), the fitted curve, and the target line. */
export function ScalingChart({ curve, measured, targetRps, neededRps }: { curve: { instances: number; fitted: number }[]; measured: { instances: number; rps: number }[]; targetRps: number; neededRps: number }) {
  return (
    <div className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="instances" type="number" domain={[1, 'dataMax']} allowDecimals={false} fontSize={11} label={{ value: 'instances', position: 'insideBottomRight', offset: -2, fontSize: 11 }} />
          <YAxis fontSize={11} width={56} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line data={curve} dataKey="fitted" name="fitted RPS" stroke="#6366f1" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Scatter data={measured} dataKey="rps" name="measured RPS" fill="#10b981" isAnimationActive={false} />
          <ReferenceLine y={targetRps} stroke="#ef4444" strokeDasharray="4 4" label={{ value: `target ${targetRps}`, fontSize: 11, fill: '#b91c1c', position: 'insideBottomLeft' }} />
          {neededRps > targetRps && <ReferenceLine y={neededRps} stroke="#f59e0b" strokeDasharray="6 3" label={{ value: `sized for ${Math.round(neededRps)} (with headroom)`, fontSize: 11, fill: '#b45309', position: 'insideTopLeft' }} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
