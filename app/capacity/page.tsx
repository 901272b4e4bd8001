import Link from 'next/link';
import { requireSignedIn } from '@/app/auth';
import type { ReactNode } from 'react';
import { ScalingChart } from '@/components/capacity/scaling-chart';
import { inputClass } from '@/components/form/field';
import { PageHeader } from '@/components/page-header';
import { round } from '@/lib/capacity/littles-law';
import { buildPlan, capacityInputSchema } from '@/lib/capacity/plan';
import { throughputAt } from '@/lib/capacity/scaling';
import { formatRps } from '@/lib/format';
import { getRunsForCapacity, listCapacityChoices } from '@/lib/runs/queries';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Capacity' };

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5" data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {children}
    </section>
  );
}

const Working = ({ children }: { children: ReactNode }) => <p className="mt-2 rounded bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">{children}</p>;

export default async function CapacityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSignedIn('/capacity', await searchParams);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = capacityInputSchema.safeParse(raw);
  const errors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
  const input = parsed.success ? parsed.data : capacityInputSchema.parse({});
  const [runs, choices] = await Promise.all([getRunsForCapacity(input.runs, input.latencyMs), listCapacityChoices()]);
  const plan = buildPlan(input, runs);
  const maxN = Math.max(8, ...plan.measured.map((m) => m.instances), Math.min(plan.instances?.instances ?? 0, 64));
  const curve = plan.fit ? Array.from({ length: maxN }, (_, i) => ({ instances: i + 1, fitted: round(throughputAt(plan.fit!, i + 1), 1) })) : [];

  const field = (name: string, label: string, value: string | number | undefined, hint?: string) => (
    <label className="text-xs font-medium text-slate-600">
      {label}
      <input name={name} defaultValue={value ?? ''} className={inputClass} aria-invalid={!!errors[name]} />
      {errors[name] ? <span role="alert" className="mt-1 block text-red-600">{errors[name]}</span> : hint && <span className="mt-1 block font-normal text-slate-500">{hint}</span>}
    </label>
  );

  return (
    <>
      <PageHeader
        title="Capacity"
        description="How many instances a target RPS needs, how much concurrency that means, and the PostgreSQL and Redis sizing that goes with it. Every answer shows its working; the address holds the inputs, so a plan can be shared."
      />
      <form method="get" className="mb-6 grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2 lg:grid-cols-4" aria-label="Capacity inputs">
        {field('targetRps', 'Target RPS', raw.targetRps ?? input.targetRps)}
        {field('latencyMs', 'Latency objective (p95 ms)', raw.latencyMs ?? input.latencyMs)}
        {field('headroom', 'Headroom', raw.headroom ?? input.headroom, '0.3 = 30% spare')}
        {field('poolLimit', 'DB pool limit per instance', raw.poolLimit ?? input.poolLimit)}
        <label className="text-xs font-medium text-slate-600">
          Measured runs
          <input name="runs" defaultValue={raw.runs ?? ''} list="capacity-runs" className={inputClass} placeholder="type to search: gateway, version, kind" />
          <span className="mt-1 block font-normal text-slate-500">run ids, comma-separated; capacity runs and sweep knees labelled with their instance count</span>
          <datalist id="capacity-runs">
            {choices.map((c) => (
              <option key={c.id} value={[...(raw.runs ? raw.runs.split(',').map((s) => s.trim()).filter(Boolean) : []), c.id].join(',')}>
                {c.label}
              </option>
            ))}
          </datalist>
        </label>
        {field('points', 'Or typed measurements', raw.points, 'instances:RPS, e.g. 2:1035.7, 4:1170')}
        {field('cpus', 'CPUs per instance', raw.cpus, 'default: from the runs')}
        {field('gateway', 'Gateway (for the advice)', raw.gateway, 'default: from the runs (LiteLLM, Portkey, …)')}
        {field('costPerHour', 'Cost per instance-hour', raw.costPerHour, 'optional: for the monthly cost')}
        <label className="flex items-center gap-2 self-end pb-2 text-xs font-medium text-slate-600">
          <input type="checkbox" name="lowerBounds" value="1" defaultChecked={input.lowerBounds} /> Use closed-model runs (lower bounds) as capacities
        </label>
        <div className="flex items-end">
          <button className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">Plan</button>
        </div>
      </form>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Concurrency (Little's law)" testId="concurrency">
          <p className="text-3xl font-semibold tabular-nums">{plan.concurrency.concurrency.toLocaleString('en-US')}</p>
          <p className="text-sm text-slate-600">requests in flight to serve {formatRps(input.targetRps)} RPS at {input.latencyMs} ms with {round(input.headroom * 100, 1)}% headroom</p>
          <Working>{plan.concurrency.formula}</Working>
        </Card>

        <Card title="Instances needed" testId="instances">
          {!plan.fit ? (
            <p className="text-sm text-slate-600">Give measured runs or typed measurements (instances:RPS) to size the fleet.</p>
          ) : plan.instances?.reachable ? (
            <>
              <p className="text-3xl font-semibold tabular-nums">{plan.instances.instances}</p>
              <p className="text-sm text-slate-600">
                instances reach {formatRps(plan.instances.needed)} RPS (target × (1 + headroom)) on the fitted curve
                {plan.linearInstances !== undefined && `; linear scaling would have said ${plan.linearInstances}`}.
              </p>
            </>
          ) : (
            <p className="text-sm text-red-700">
              The fitted curve never reaches {formatRps(plan.instances?.needed)} RPS: it peaks at {formatRps(plan.instances?.peak.rps)} RPS with {plan.instances?.peak.instances} instances. Adding instances will not get there; make each one faster.
            </p>
          )}
          {plan.fit && (
            <Working>
              X(N) = λN / (1 + σ(N−1) + κN(N−1)); λ = {round(plan.fit.lambda, 1)} RPS, σ = {round(plan.fit.sigma, 4)}, κ = {round(plan.fit.kappa, 6)};{' '}
              {plan.exactFit ? `an exact fit (${plan.fit.terms} parameters through ${plan.fit.terms} points): it passes through every point, so R² says nothing about how good it is` : `R² = ${round(plan.fit.r2, 4)} (${plan.fit.terms} parameter${plan.fit.terms > 1 ? 's' : ''} fitted)`}
            </Working>
          )}
          {plan.instanceRange && (
            <p className="mt-2 text-sm text-slate-700" data-testid="instance-range">
              With the curve ±2 residual standard errors: {plan.instanceRange.low ?? 'unreachable'} to {plan.instanceRange.high ?? 'unreachable'} instances.
              <span className="block font-mono text-xs text-slate-500">{plan.instanceRange.formula}</span>
            </p>
          )}
          {plan.monthlyCost && (
            <p className="mt-2 text-sm text-slate-700" data-testid="monthly-cost">
              Monthly cost: <strong>{plan.monthlyCost.total.toLocaleString('en-US')}</strong>
              <span className="block font-mono text-xs text-slate-500">{plan.monthlyCost.formula}</span>
            </p>
          )}
          {plan.fit?.warning && <p className="mt-2 text-sm text-amber-800">{plan.fit.warning}</p>}
        </Card>

        <Card title="Per-instance sustainable RPS at the objective">
          {plan.measured.length === 0 ? (
            <p className="text-sm text-slate-600">No measurements yet. Pick runs in <Link href="/runs" className="text-indigo-700 hover:underline">Runs</Link> (their ids) or type instances:RPS pairs.</p>
          ) : (
            <table className="min-w-full text-sm">
              <thead className="text-left text-xs uppercase text-slate-500"><tr><th className="py-1">Instances</th><th className="py-1 text-right">RPS</th><th className="py-1 text-right">Per instance</th><th className="py-1 pl-4">From</th><th className="py-1 pl-4">Evidence</th></tr></thead>
              <tbody>
                {plan.measured.map((m) => (
                  <tr key={m.instances}>
                    <td className="py-1">{m.instances}</td>
                    <td className="py-1 text-right tabular-nums">{formatRps(m.rps)}</td>
                    <td className="py-1 text-right tabular-nums">{formatRps(m.perInstance)}</td>
                    <td className="py-1 pl-4">{m.runId ? <Link href={`/runs/${m.runId}`} className="font-mono text-indigo-700 hover:underline">{m.runId}</Link> : 'typed'}</td>
                    <td className="py-1 pl-4 text-xs text-slate-600">{m.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {plan.excluded.length > 0 && (
            <ul className="mt-2 text-xs text-slate-600">
              {plan.excluded.map((e) => <li key={e.id}>Run {e.id} left out: {e.reason}.</li>)}
            </ul>
          )}
          {plan.fit && <ScalingChart curve={curve} measured={plan.measured} targetRps={input.targetRps} neededRps={plan.needed} />}
        </Card>

        <Card title="Workers and database connections">
          <p className="text-sm">
            Worker processes per instance = CPU count{plan.workers ? <>: <strong>{plan.workers.perInstance}</strong> (from {plan.workers.source})</> : ' — give CPUs per instance, or label runs with it'}.
          </p>
          <p className="mt-2 text-sm">
            Database connections = pool limit × instances{plan.connections ? <>: <strong>{plan.connections.total}</strong></> : ' — known once the instance count is'}.
          </p>
          {plan.connections && <Working>{plan.connections.formula}</Working>}
        </Card>

        <Card title="Load generators for a test at this rate" testId="load-generators">
          <p className="text-3xl font-semibold tabular-nums">{plan.loadGenerators.cores}</p>
          <p className="text-sm text-slate-600">engine core{plan.loadGenerators.cores === 1 ? '' : 's'} to send {formatRps(plan.needed)} RPS (one engine process drives one core; spread them over machines that are not the gateway&apos;s)</p>
          <Working>{plan.loadGenerators.formula}</Working>
        </Card>

        <Card title="PostgreSQL and Redis" testId="sizing">
          <p className="text-sm text-slate-700">
            Advice for {plan.sizing.gateway === 'litellm' ? 'LiteLLM' : plan.sizing.gateway === 'portkey' ? 'Portkey' : 'a gateway without a known label'}. PostgreSQL needed: {plan.sizing.needs.postgres}. Redis needed: {plan.sizing.needs.redis}.
          </p>
          <p className="mt-1 text-sm text-slate-700">{plan.sizing.why}</p>
          <table className="mt-2 min-w-full text-sm">
            <thead className="text-left text-xs uppercase text-slate-500"><tr><th className="py-1 pr-3"></th><th className="py-1 pr-3">CPU</th><th className="py-1 pr-3">RAM</th><th className="py-1 pr-3">Storage</th><th className="py-1">Connections</th></tr></thead>
            <tbody className="[&_td]:py-1 [&_td]:pr-3 [&_td]:align-top">
              <tr><td className="font-medium">PostgreSQL<span className="block text-xs font-normal text-slate-500">{plan.sizing.postgres.band}</span></td><td>{plan.sizing.postgres.cpu}</td><td>{plan.sizing.postgres.ram}</td><td>{plan.sizing.postgres.storage}</td><td>{plan.sizing.postgres.connections}</td></tr>
              <tr><td className="font-medium">Redis<span className="block text-xs font-normal text-slate-500">{plan.sizing.redis.band}</span></td><td>{plan.sizing.redis.cpu}</td><td>{plan.sizing.redis.ram}</td><td>—</td><td>—</td></tr>
            </tbody>
          </table>
          <ul className="mt-3 list-inside list-disc text-sm text-slate-700">
            {plan.sizing.advice.map((a) => <li key={a}>{a}</li>)}
          </ul>
        </Card>
      </div>
    </>
  );
}
