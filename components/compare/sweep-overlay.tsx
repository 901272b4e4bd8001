'use client';

import { CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { runColor } from '@/lib/compare/display';
import type { SweepCurve } from '@/lib/compare/sweeps';
import { formatMs, formatRps } from '@/lib/format';

/** Throughput against p95, one curve per sweep, each knee a larger point: where each one saturates, on one chart. */
export function SweepOverlay({ curves, limitMs }: { curves: SweepCurve[]; limitMs: number }) {
  return (
    <figure className="mb-6 rounded-xl border border-slate-200 bg-white p-4" aria-label="Sweeps compared">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">Sweeps: throughput (RPS) against p95 latency, one curve each; the larger point is each sweep&apos;s knee (most RPS with p95 within {limitMs} ms)</figcaption>
      <div className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis type="number" dataKey="rps" name="RPS" fontSize={11} label={{ value: 'RPS', position: 'insideBottomRight', offset: -4, fontSize: 11 }} />
            <YAxis type="number" dataKey="p95" name="p95" unit=" ms" fontSize={11} width={64} />
            <Tooltip formatter={(value, name) => (typeof value === 'number' ? (name === 'RPS' ? formatRps(value) : `${formatMs(value)} ms`) : String(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine y={limitMs} stroke="#ef4444" strokeDasharray="4 4" label={{ value: `p95 limit ${limitMs} ms`, fontSize: 11, fill: '#b91c1c', position: 'insideTopLeft' }} />
            {curves.map((curve, i) => (
              <Scatter key={curve.sweepId} name={curve.name} data={curve.points} fill={runColor(i)} line={{ stroke: runColor(i), strokeWidth: 2 }} isAnimationActive={false} />
            ))}
            {curves.map((curve, i) =>
              curve.finding.kind === 'knee' ? (
                <Scatter key={`${curve.sweepId}-knee`} name={`${curve.name} knee`} legendType="none" data={[{ rps: curve.finding.stage.rps, p95: curve.finding.stage.latencyP95Ms }]} fill={runColor(i)} shape="star" isAnimationActive={false} />
              ) : null,
            )}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-2 grid gap-1 text-sm text-slate-700" aria-label="Knees">
        {curves.map((curve) => (
          <li key={curve.sweepId}>
            <strong>{curve.name}</strong>:{' '}
            {curve.finding.kind === 'knee'
              ? `knee at ${curve.finding.stage.stageLabel} — ${formatRps(curve.finding.stage.rps)} RPS at p95 ${formatMs(curve.finding.stage.latencyP95Ms)} ms`
              : curve.finding.kind === 'not-saturated'
                ? `not saturated: RPS still grew at the last stage (${curve.finding.stage.stageLabel}, ${formatRps(curve.finding.stage.rps)} RPS)`
                : `no stage kept p95 within ${limitMs} ms`}
          </li>
        ))}
      </ul>
    </figure>
  );
}
