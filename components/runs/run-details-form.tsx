'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/components/form/field';
import { formKey } from '@/components/form/form-key';
import { deleteRun, updateRun } from '@/lib/actions/runs';
import type { FormState } from '@/lib/form-state';

export interface RunDetailsValues {
  id: string;
  title: string;
  notes: string;
  gatewayName: string;
  gatewayVersion: string;
  instanceCount: string;
  machineCpus: string;
  machineRamGb: string;
  usesPostgres: string;
  usesRedis: string;
  tags: string;
}

/** Corrections after a run: title, notes, labels, tags; and deleting it (with its sweep). */
export function RunDetailsForm({ initial, canDelete, stages }: { initial: RunDetailsValues; canDelete: boolean; stages: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateRun, {});
  const value = (name: keyof RunDetailsValues) => (state.ok ? initial[name] : (state.values?.[name] ?? initial[name]));
  const text = (name: keyof RunDetailsValues, label: string, hint?: string) => (
    <Field label={label} name={`edit-${name}`} error={state.errors?.[name]} hint={hint}>
      <input id={`edit-${name}`} name={name} defaultValue={value(name)} className={inputClass} aria-invalid={!!state.errors?.[name]} />
    </Field>
  );
  const yesNo = (name: keyof RunDetailsValues, label: string) => (
    <Field label={label} name={`edit-${name}`} error={state.errors?.[name]}>
      <select id={`edit-${name}`} name={name} defaultValue={value(name)} className={inputClass}>
        <option value="">not recorded</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    </Field>
  );
  return (
    <details className="mb-6 rounded-xl border border-slate-200 bg-white p-4 text-sm" open={!!state.errors}>
      <summary className="cursor-pointer font-semibold text-slate-700">Edit title, notes and labels</summary>
      <form key={formKey(state)} action={action} className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Edit run" noValidate>
        <input type="hidden" name="id" value={initial.id} />
        <div className="sm:col-span-2">{text('title', 'Title', 'e.g. “LiteLLM 1.80 after the DB pool change”')}</div>
        <div className="sm:col-span-2 lg:col-span-4">
          <Field label="Notes" name="edit-notes" error={state.errors?.notes} hint="plain text">
            <textarea id="edit-notes" name="notes" rows={3} defaultValue={value('notes')} className={inputClass} />
          </Field>
        </div>
        {text('gatewayName', 'Gateway')}
        {text('gatewayVersion', 'Version')}
        {text('instanceCount', 'Instances')}
        {text('tags', 'Tags', 'comma-separated')}
        {text('machineCpus', 'CPUs per instance')}
        {text('machineRamGb', 'RAM per instance (GB)')}
        {yesNo('usesPostgres', 'PostgreSQL in use')}
        {yesNo('usesRedis', 'Redis in use')}
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
          <button disabled={pending} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
            {pending ? 'Saving…' : 'Save'}
          </button>
          {state.message && <p role="status" className={state.ok ? 'text-emerald-700' : 'text-red-700'}>{state.message}</p>}
        </div>
      </form>
      {canDelete && (
        <form
          action={deleteRun}
          className="mt-4 border-t border-slate-100 pt-4"
          onSubmit={(e) => !confirm(stages > 1 ? `Delete this sweep's ${stages} stages, their data and share links? This cannot be undone.` : 'Delete this run, its data and share links? This cannot be undone.') && e.preventDefault()}
        >
          <input type="hidden" name="id" value={initial.id} />
          <button className="rounded-md border border-red-200 px-3 py-1.5 text-red-700 hover:bg-red-50">{stages > 1 ? `Delete this sweep (${stages} stages)` : 'Delete this run'}</button>
        </form>
      )}
    </details>
  );
}
