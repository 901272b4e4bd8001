'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ShardSeries } from '@/lib/workers/queries';

const COLORS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9', '#a855f7', '#64748b', '#ec4899'];

/** A split run's throughput and p95 per worker, on demand (the charts above are the merged run). */
export function WorkerSeries({ runId, workers, active }: { runId: string; workers: number; active: boolean }) {
  const [open, setOpen] = useState(false);
  const { data, error } = useQuery({
    queryKey: ['run-workers', runId],
    queryFn: async (): Promise<{ shards: ShardSeries }> => {
      const response = await fetch(`/api/runs/${runId}/workers`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    enabled: open,
    refetchInterval: open && active ? 2000 : false,
  });
  const seconds = new Map<number, Record<string, number | null>>();
  for (const shard of data?.shards ?? []) {
    for (const p of shard.points) {
      const row = seconds.get(p.second) ?? { second: p.second };
      row[`rps${shard.index}`] = p.rps;
      row[`p95${shard.index}`] = p.p95Ms;
      seconds.set(p.second, row);
    }
  }
  const rows = [...seconds.values()].sort((a, b) => (a.second as number) - (b.second as number));
  const label = (index: number) => {
    const shard = data?.shards.find((s) => s.index === index);
    return `worker ${index + 1}${shard?.worker ? ` (${shard.worker})` : ''}${shard && shard.status !== 'done' && shard.status !== 'running' ? ` — ${shard.status}` : ''}`;
  };
  return (
    <section className="mb-6 rounded-xl border border-slate-200 bg-white p-4 text-sm" aria-label="Per worker">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="font-medium text-indigo-700 hover:underline">
        {open ? 'Hide' : 'Show'} each of the {workers} workers
      </button>
      {open && error && <p role="alert" className="mt-2 text-red-700">Could not load the workers&apos; series: {error.message}</p>}
      {open && data && (
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {(['rps', 'p95'] as const).map((metric) => (
            <figure key={metric} className="h-56" aria-label={metric === 'rps' ? 'Throughput per worker' : 'p95 per worker'}>
              <figcaption className="mb-1 text-xs font-medium text-slate-600">{metric === 'rps' ? 'Successful requests/s per worker' : 'p95 latency per worker (ms)'}</figcaption>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                  <XAxis dataKey="second" fontSize={11} />
                  <YAxis fontSize={11} width={48} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  {data.shards.map((shard) => (
                    <Line key={shard.index} dataKey={`${metric}${shard.index}`} name={label(shard.index)} stroke={COLORS[shard.index % COLORS.length]} dot={false} isAnimationActive={false} connectNulls />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
