'use client';

import { useActionState, useRef, useState, type ReactNode } from 'react';
import { launchRun } from '@/lib/actions/runs';
import { Field, inputClass } from '@/components/form/field';
import { formKey } from '@/components/form/form-key';
import type { FormState } from '@/lib/form-state';
import { REFERENCE_THRESHOLDS, RUN_DEFAULTS } from '@/lib/runner/defaults';
import type { LabelSuggestions } from '@/lib/runs/queries';
import { presets } from './presets';

export interface RunFormTarget {
  id: string;
  name: string;
  defaultModel: string | null;
  /** The name of the model server it forwards to, if set (overhead runs). */
  upstreamName?: string | null;
}

/** What the form shows before anyone types: the config schema's own defaults (lib/runner/defaults.ts). */
const defaults: Record<string, string> = {
  loadModel: 'closed', users: String(RUN_DEFAULTS.users), spawnRate: String(RUN_DEFAULTS.spawnRate), thinkMin: '', thinkMax: '', rate: String(RUN_DEFAULTS.rate),
  maxInFlight: String(RUN_DEFAULTS.maxInFlight), stopBy: 'duration', duration: `${RUN_DEFAULTS.durationMs / 1000}s`, requests: '', warmup: `${RUN_DEFAULTS.warmupMs / 1000}s`,
  promptKind: RUN_DEFAULTS.promptKind, repeat: String(RUN_DEFAULTS.repeat), maxTokens: String(RUN_DEFAULTS.maxTokens), timeout: `${RUN_DEFAULTS.timeoutMs / 1000}s`, sweep: '',
  gatewayName: '', gatewayVersion: '', instanceCount: '', machineCpus: '', machineRamGb: '', usesPostgres: '', usesRedis: '', tags: '', model: '',
  experiment: 'none', compareWith: '', rounds: String(RUN_DEFAULTS.rounds), experimentTitle: '', sloTtft: '', sloTpot: '', sloE2e: '',
  capObjective: 'p95', capLimitMs: '', capMaxFailurePct: '1', capStep: '10s', capMaxRate: '', thresholds: '', workers: '1', onWorkerLost: 'continue',
};

const CHECKBOXES = ['poisson', 'stream', 'cacheBust', 'skipProbe', 'aaArm', 'findCapacity'];

const FIELD_LABELS: Record<string, string> = {
  targetId: 'Target', users: 'Users', spawnRate: 'Spawn rate', thinkMin: 'Think time min', thinkMax: 'Think time max', rate: 'Rate',
  maxInFlight: 'Max in flight', duration: 'Duration', requests: 'Requests', warmup: 'Warm-up', sweep: 'Sweep stages', repeat: 'Repeat',
  maxTokens: 'Max tokens', timeout: 'Timeout', instanceCount: 'Instances', machineCpus: 'CPUs', machineRamGb: 'RAM', tags: 'Tags', form: 'Form',
  experiment: 'Experiment', compareWith: 'Compare with', rounds: 'Rounds', experimentTitle: 'Title', server: 'Server',
  sloTtft: 'TTFT objective', sloTpot: 'TPOT objective', sloE2e: 'End-to-end objective',
  thresholds: 'Thresholds', workers: 'Load workers', findCapacity: 'Find the limit', capLimitMs: 'Latency objective', capMaxFailurePct: 'Failure bound', capStep: 'Step length', capMaxRate: 'Highest rate',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-xl border border-slate-200 bg-white p-5">
      <legend className="px-1 text-sm font-semibold text-slate-700">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
    </fieldset>
  );
}

export function RunForm({ targets, suggestions, initial = {} }: { targets: RunFormTarget[]; suggestions: LabelSuggestions; initial?: Record<string, string> }) {
  const [state, action, pending] = useActionState<FormState, FormData>(launchRun, {});
  // After an answer, every field shows what was sent (an unticked box is absent from it); before, the defaults.
  const start: Record<string, string> = state.values
    ? { ...defaults, ...Object.fromEntries(CHECKBOXES.map((name) => [name, ''])), ...state.values }
    : { ...defaults, targetId: targets[0]?.id ?? '', ...initial };
  const [loadModel, setLoadModel] = useState(start.loadModel);
  const [stopBy, setStopBy] = useState(start.stopBy);
  const [experiment, setExperiment] = useState(start.experiment);
  const [findCapacity, setFindCapacity] = useState(start.findCapacity === 'on');
  const [targetId, setTargetId] = useState(start.targetId);
  const [compareWith, setCompareWith] = useState<string[]>(start.compareWith ? start.compareWith.split(',') : []);
  const chosen = targets.find((t) => t.id === targetId);
  const form = useRef<HTMLFormElement>(null);
  const error = (name: string) => state.errors?.[name];

  const text = (name: string, label: string, props: { hint?: string; placeholder?: string; list?: string } = {}) => (
    <Field label={label} name={name} error={error(name)} hint={props.hint}>
      <input id={name} name={name} defaultValue={start[name]} placeholder={props.placeholder} list={props.list} className={inputClass} aria-invalid={!!error(name)} aria-describedby={error(name) ? `${name}-error` : undefined} />
    </Field>
  );
  const check = (name: string, label: string) => (
    <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
      <input type="checkbox" name={name} defaultChecked={start[name] === 'on'} /> {label}
    </label>
  );
  const yesNo = (name: string, label: string) => (
    <Field label={label} name={name} error={error(name)}>
      <select id={name} name={name} defaultValue={start[name]} className={inputClass}>
        <option value="">not recorded</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    </Field>
  );

  const applyPreset = (values: Record<string, string | boolean>) => {
    const elements = form.current!.elements;
    for (const [name, value] of Object.entries(values)) {
      const element = elements.namedItem(name);
      if (element instanceof RadioNodeList) element.value = String(value);
      else if (element instanceof HTMLInputElement && element.type === 'checkbox') element.checked = value === true;
      else if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) element.value = String(value);
    }
    if (typeof values.loadModel === 'string') setLoadModel(values.loadModel);
    if (typeof values.stopBy === 'string') setStopBy(values.stopBy);
  };

  return (
    <form key={formKey(state)} ref={form} action={action} className="grid gap-5" noValidate aria-label="New run">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">Presets:</span>
        {presets.map((preset) => (
          <button key={preset.name} type="button" title={preset.description} onClick={() => applyPreset(preset.values)} className="rounded-full border border-indigo-200 bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-800 hover:bg-indigo-100">
            {preset.name}
          </button>
        ))}
      </div>

      <Section title="Target">
        <Field label="Target" name="targetId" error={error('targetId')}>
          <select id="targetId" name="targetId" defaultValue={start.targetId} onChange={(e) => setTargetId(e.target.value)} className={inputClass}>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        {text('model', 'Model', { placeholder: "the target's default" })}
        {check('skipProbe', 'Start without checking that the target answers')}
      </Section>

      <Section title="Experiment">
        <div className="sm:col-span-2 lg:col-span-4 flex flex-wrap gap-6 text-sm">
          {[
            ['none', 'A run of this target'],
            ['overhead', 'Overhead: this gateway against its upstream, request by request'],
            ['ab', 'A/B: this target against others, in rounds'],
          ].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="experiment" value={value} checked={experiment === value} onChange={() => setExperiment(value)} /> {label}
            </label>
          ))}
        </div>
        {experiment === 'overhead' && (
          <p className="sm:col-span-2 lg:col-span-4 text-sm text-slate-600" data-testid="overhead-explainer">
            {chosen?.upstreamName
              ? `Every user alternates between ${chosen.name} and its upstream ${chosen.upstreamName} in random order, with the same prompts; the result is the latency the gateway adds at p50/p90/p95/p99, with 95% intervals.`
              : `${chosen?.name ?? 'This target'} names no upstream: edit it under Targets and choose the model server it forwards to.`}
          </p>
        )}
        {experiment === 'ab' && (
          <>
            <Field label="Compare with" name="compareWith" error={error('compareWith')} hint="Arm A is the target above; tick B, C, … in order.">
              <div className="grid gap-1 text-sm" role="group" aria-label="Compare with">
                {targets
                  .filter((t) => t.id !== targetId)
                  .map((t) => (
                    <label key={t.id} className="flex items-center gap-2">
                      <input type="checkbox" checked={compareWith.includes(t.id)} onChange={(e) => setCompareWith((list) => (e.target.checked ? [...list, t.id] : list.filter((id) => id !== t.id)))} /> {t.name}
                    </label>
                  ))}
              </div>
              <input type="hidden" name="compareWith" value={compareWith.filter((id) => id !== targetId).join(',')} />
            </Field>
            {text('rounds', 'Rounds', { hint: 'each round runs every arm once, order shuffled; 2+ for a verdict' })}
            {check('aaArm', 'Add an A/A arm (A again) to show the noise floor')}
          </>
        )}
        {experiment !== 'none' && text('experimentTitle', 'Title', { placeholder: 'e.g. Portkey 1.15 vs 1.9' })}
        {experiment !== 'none' && (
          <p className="sm:col-span-2 lg:col-span-3 self-end pb-2 text-xs text-slate-500">
            The labels below describe arm A (this target); the other arms keep the labels but the gateway and version, and are named after their targets. The load, length and requests settings apply to every arm.
          </p>
        )}
      </Section>

      <Section title="Load">
        <div className="sm:col-span-2 lg:col-span-4 flex gap-6 text-sm">
          {[['closed', 'Closed: N users, each waits for its reply'], ['open', 'Open: a fixed arrival rate']].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="loadModel" value={value} checked={loadModel === value} onChange={() => setLoadModel(value)} /> {label}
            </label>
          ))}
        </div>
        {loadModel === 'closed' ? (
          <>
            {text('users', 'Users')}
            {text('spawnRate', 'Spawn rate (users/s)', { hint: '0 starts them all at once' })}
            {text('thinkMin', 'Think time min (ms)', { placeholder: 'none' })}
            {text('thinkMax', 'Think time max (ms)', { placeholder: 'none' })}
          </>
        ) : (
          <>
            {text('rate', findCapacity ? 'First rate (requests/s)' : 'Rate (requests/s)')}
            {text('maxInFlight', 'Max in flight')}
            {check('poisson', 'Poisson arrivals')}
            <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
              <input type="checkbox" name="findCapacity" checked={findCapacity} onChange={(e) => setFindCapacity(e.target.checked)} /> Find the limit (capacity run)
            </label>
            {findCapacity && (
              <>
                <p className="sm:col-span-2 lg:col-span-4 text-sm text-slate-600" data-testid="capacity-explainer">
                  The rate doubles each step while the objective holds, then is bisected between the last rate that held and the first that broke (to within 3%). The limit is the highest rate that held. The run stops on its own.
                </p>
                <Field label="Objective" name="capObjective" error={error('capObjective')}>
                  <select id="capObjective" name="capObjective" defaultValue={start.capObjective} className={inputClass}>
                    <option value="p95">p95 latency</option>
                    <option value="p99">p99 latency</option>
                    <option value="ttftP95">TTFT p95 (streams)</option>
                  </select>
                </Field>
                {text('capLimitMs', 'Latency objective (ms)', { placeholder: 'e.g. 200' })}
                {text('capMaxFailurePct', 'Failure bound (%)', { hint: 'a step with more failures breaks' })}
                {text('capStep', 'Step length', { hint: 'each step, e.g. 10s' })}
                {text('capMaxRate', 'Highest rate (requests/s)', { placeholder: 'the server limit' })}
              </>
            )}
          </>
        )}
      </Section>

      <Section title="Length">
        <div className="sm:col-span-2 lg:col-span-4 flex gap-6 text-sm">
          {[['duration', 'Stop after a duration'], ['requests', 'Stop after a request count']].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="stopBy" value={value} checked={stopBy === value} onChange={() => setStopBy(value)} /> {label}
            </label>
          ))}
        </div>
        {stopBy === 'duration' ? text('duration', 'Duration', { hint: 'e.g. 30s, 5m' }) : text('requests', 'Requests', { placeholder: 'e.g. 500' })}
        {text('warmup', 'Warm-up', { hint: 'excluded from results (shaded on the charts); 0 for none' })}
        {text('sweep', 'Sweep stages', { hint: 'optional: users (or rate) per stage, e.g. 1, 10, 50', placeholder: 'none' })}
      </Section>

      <Section title="Requests">
        <Field label="Prompt" name="promptKind" error={error('promptKind')}>
          <select id="promptKind" name="promptKind" defaultValue={start.promptKind} className={inputClass}>
            <option value="short">short question</option>
            <option value="long">long context (a sentence × N)</option>
          </select>
        </Field>
        {text('repeat', 'Long prompt: repeat N')}
        {text('maxTokens', 'Max tokens')}
        {text('timeout', 'Timeout per request')}
        {check('stream', 'Stream replies (TTFT, ITL)')}
        {check('cacheBust', 'Cache-busting UUID prefix')}
      </Section>

      <Section title="Pass/fail thresholds">
        <Field
          label="Thresholds"
          name="thresholds"
          error={error('thresholds')}
          hint='One per line, e.g. p95_ms < 300, error_rate < 0.01, rps > 50, ttft_p95_ms < 500, goodput > 0.95; add "abort" (or "abort after 20s") to stop the run as soon as it fails.'
        >
          <textarea id="thresholds" name="thresholds" rows={3} defaultValue={start.thresholds} className={`${inputClass} font-mono`} aria-invalid={!!error('thresholds')} placeholder="p95_ms < 300" />
        </Field>
        <div className="self-end pb-2">
          <button type="button" onClick={() => applyPreset({ thresholds: REFERENCE_THRESHOLDS.join('\n') })} className="rounded-full border border-indigo-200 bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-800 hover:bg-indigo-100">
            Reference targets
          </button>
        </div>
      </Section>

      <Section title="Scale out">
        {text('workers', 'Load workers', { hint: '1: this server sends the load. More: split across workers started with `npm run worker` (Workers page)' })}
        <Field label="If a worker is lost" name="onWorkerLost" error={error('onWorkerLost')}>
          <select id="onWorkerLost" name="onWorkerLost" defaultValue={start.onWorkerLost} className={inputClass}>
            <option value="continue">go on with the others (degraded)</option>
            <option value="stop">stop the run</option>
          </select>
        </Field>
      </Section>

      <Section title="Objectives (goodput)">
        {text('sloTtft', 'TTFT objective (ms)', { placeholder: 'none', hint: 'streams only' })}
        {text('sloTpot', 'TPOT objective (ms)', { placeholder: 'none', hint: 'time per output token after the first; streams only' })}
        {text('sloE2e', 'End-to-end objective (ms)', { placeholder: 'none' })}
        <p className="self-end pb-2 text-xs text-slate-500">Goodput is the rate of requests meeting every objective set.</p>
      </Section>

      <Section title="Labels: what was measured">
        {text('gatewayName', 'Gateway', { list: 'gateway-names', placeholder: 'LiteLLM' })}
        {text('gatewayVersion', 'Version', { list: 'gateway-versions', placeholder: '1.79.1-stable' })}
        {text('instanceCount', 'Instances')}
        {text('tags', 'Tags', { hint: 'comma-separated', list: 'tag-list' })}
        {text('machineCpus', 'CPUs per instance')}
        {text('machineRamGb', 'RAM per instance (GB)')}
        {yesNo('usesPostgres', 'PostgreSQL in use')}
        {yesNo('usesRedis', 'Redis in use')}
        <datalist id="gateway-names">{suggestions.gatewayNames.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id="gateway-versions">{suggestions.gatewayVersions.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id="tag-list">{suggestions.tags.map((v) => <option key={v} value={v} />)}</datalist>
      </Section>

      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50">
          {pending ? 'Starting…' : experiment === 'overhead' ? 'Start overhead run' : experiment === 'ab' ? 'Start experiment' : findCapacity && loadModel === 'open' ? 'Find the limit' : 'Start run'}
        </button>
        {state.errors && Object.keys(state.errors).length > 0 && (
          <div role="alert" className="text-sm text-red-600">
            <p>{state.message ?? 'Some fields need attention.'}</p>
            <ul className="list-inside list-disc">
              {Object.entries(state.errors).map(([field, message]) => (
                <li key={field}>
                  {FIELD_LABELS[field] ?? field}: {message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </form>
  );
}
