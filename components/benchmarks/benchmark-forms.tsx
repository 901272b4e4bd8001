'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/components/form/field';
import { runBenchmark, saveAsBenchmark, scheduleBenchmark } from '@/lib/actions/benchmarks';
import type { FormState } from '@/lib/form-state';

const button = 'rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60';

/** On a run page: keep this run's target, load and labels as a benchmark, this run its first point. */
export function SaveAsBenchmarkForm({ runId, suggestedName }: { runId: string; suggestedName: string }) {
  const [state, save, saving] = useActionState<FormState, FormData>(saveAsBenchmark, {});
  return (
    <form action={save} className="flex flex-wrap items-end gap-3" aria-label="Save as benchmark" noValidate>
      <input type="hidden" name="runId" value={runId} />
      <div className="min-w-72">
        <Field label="Benchmark name" name="name" error={state.errors?.name} hint="Run it again later (by hand, from CI or on a schedule) and follow its trend.">
          <input id="name" name="name" defaultValue={state.values?.name ?? suggestedName} className={inputClass} aria-invalid={!!state.errors?.name} />
        </Field>
      </div>
      <button disabled={saving} className={button}>{saving ? 'Saving…' : 'Save as benchmark'}</button>
    </form>
  );
}

/** Runs the benchmark now, labelled with the version under test. */
export function RunBenchmarkForm({ id, version }: { id: string; version: string }) {
  const [state, run, running] = useActionState<FormState, FormData>(runBenchmark, {});
  return (
    <form action={run} className="flex flex-wrap items-end gap-3" aria-label="Run this benchmark" noValidate>
      <input type="hidden" name="id" value={id} />
      <div className="w-48">
        <Field label="Gateway version" name="gatewayVersion" hint="Of the gateway under test now">
          <input id="gatewayVersion" name="gatewayVersion" defaultValue={state.values?.gatewayVersion ?? version} className={inputClass} />
        </Field>
      </div>
      <button disabled={running} className={button}>{running ? 'Starting…' : 'Run now'}</button>
      {state.message && <p role="alert" className="basis-full text-sm text-red-700">{state.message}</p>}
    </form>
  );
}

export function ScheduleForm({ id, schedule, next }: { id: string; schedule: string | null; next: string[] }) {
  const [state, save, saving] = useActionState<FormState, FormData>(scheduleBenchmark, {});
  return (
    <form action={save} className="grid gap-3" aria-label="Schedule" noValidate>
      <input type="hidden" name="id" value={id} />
      <Field
        label="Cron schedule (UTC)"
        name="schedule"
        error={state.errors?.schedule}
        hint={schedule ? `Next: ${next.join(', ')}. Empty the field to stop.` : 'e.g. "0 3 * * *" runs it at 03:00 UTC every night; empty: only when started.'}
      >
        <input id="schedule" name="schedule" defaultValue={state.values?.schedule ?? schedule ?? ''} placeholder="0 3 * * *" className={`${inputClass} font-mono`} aria-invalid={!!state.errors?.schedule} />
      </Field>
      <div className="flex items-center gap-3">
        <button disabled={saving} className={button}>Save schedule</button>
        {state.ok && <p role="status" className="text-sm text-emerald-700">{state.message}</p>}
      </div>
    </form>
  );
}
