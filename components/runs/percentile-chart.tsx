'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Latency against percentile, from the run's full HDR histogram. */
export function PercentileChart({ curve }: { curve: { percentile: number; ms: number }[] }) {
  const data = curve.map((p) => ({ ...p, label: `p${p.percentile}` }));
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">Latency distribution (from the full histogram)</figcaption>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis fontSize={11} width={56} unit=" ms" />
            <Tooltip formatter={(v) => [`${Number(v).toFixed(2)} ms`, 'latency']} />
            <Line type="monotone" dataKey="ms" stroke="#4f46e5" strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
