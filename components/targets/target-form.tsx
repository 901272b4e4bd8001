'use client';

import { useActionState, useEffect, useRef } from 'react';
import { formKey } from '@/components/form/form-key';
import { saveTarget } from '@/lib/actions/targets';
import { Field, inputClass } from '@/components/form/field';
import type { FormState } from '@/lib/form-state';
import { apiFlavours } from '@/lib/runner/defaults';

export interface TargetFormValues {
  id?: string;
  name: string;
  baseUrl: string;
  apiFlavour: string;
  defaultModel: string;
  headers: string;
  keyHeader: string;
  hasApiKey: boolean;
  hasSecretHeaders: boolean;
  overheadHeader: string;
  upstreamId: string;
}

/** Another target a gateway may forward to. */
export interface UpstreamChoice {
  id: string;
  name: string;
}

const empty: TargetFormValues = { name: '', baseUrl: '', apiFlavour: 'openai-chat', defaultModel: '', headers: '', keyHeader: '', hasApiKey: false, hasSecretHeaders: false, overheadHeader: '', upstreamId: '' };

export function TargetForm({ initial = empty, onDone, upstreams = [] }: { initial?: TargetFormValues; onDone?: () => void; upstreams?: UpstreamChoice[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveTarget, {});
  const form = useRef<HTMLFormElement>(null);
  const value = (key: keyof TargetFormValues) => state.values?.[key] ?? String(initial[key] ?? '');
  const error = (key: string) => state.errors?.[key];

  useEffect(() => {
    if (!state.ok) return;
    if (!initial.id) form.current?.reset();
    onDone?.();
  }, [state, initial.id, onDone]);

  return (
    <form key={formKey(state)} ref={form} action={action} className="grid gap-4 md:grid-cols-2" aria-label={initial.id ? `Edit ${initial.name}` : 'New target'} noValidate>
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <Field label="Name" name="name" error={error('name')}>
        <input id="name" name="name" defaultValue={value('name')} key={value('name')} className={inputClass} placeholder="LiteLLM staging" aria-invalid={!!error('name')} />
      </Field>
      <Field label="Base URL" name="baseUrl" error={error('baseUrl')} hint="With or without /v1; the endpoint path is added from the API flavour.">
        <input id="baseUrl" name="baseUrl" defaultValue={value('baseUrl')} key={value('baseUrl')} className={inputClass} placeholder="http://127.0.0.1:4000" aria-invalid={!!error('baseUrl')} />
      </Field>
      <Field label="API flavour" name="apiFlavour" error={error('apiFlavour')}>
        <select id="apiFlavour" name="apiFlavour" defaultValue={value('apiFlavour')} key={value('apiFlavour')} className={inputClass}>
          {apiFlavours.map((flavour) => (
            <option key={flavour} value={flavour}>
              {flavour}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Default model" name="defaultModel" error={error('defaultModel')}>
        <input id="defaultModel" name="defaultModel" defaultValue={value('defaultModel')} key={value('defaultModel')} className={inputClass} placeholder="gpt-4o-mini" />
      </Field>
      <Field label="Extra headers" name="headers" error={error('headers')} hint='One per line, "Name: value" — e.g. x-portkey-provider: openai. Not secret.'>
        <textarea id="headers" name="headers" rows={3} defaultValue={value('headers')} key={value('headers')} className={`${inputClass} font-mono`} aria-invalid={!!error('headers')} />
      </Field>
      <Field
        label="API key"
        name="apiKey"
        error={error('apiKey')}
        hint={initial.hasApiKey ? 'A key is saved. Leave empty to keep it; it is never shown again.' : 'Encrypted at rest and write-only: it is never shown again.'}
      >
        <input id="apiKey" name="apiKey" type="password" autoComplete="off" className={inputClass} placeholder={initial.hasApiKey ? '•••••••• (saved)' : 'sk-…'} />
        {initial.hasApiKey && (
          <label className="mt-1 flex items-center gap-2 text-xs text-slate-600">
            <input type="checkbox" name="removeApiKey" defaultChecked={state.values?.removeApiKey === 'on'} /> Remove the saved key
          </label>
        )}
      </Field>
      <Field label="Key header" name="keyHeader" error={error('keyHeader')} hint="Empty: sent as Authorization: Bearer <key>. A header name (x-portkey-api-key, api-key for Azure) sends the key as that header's value.">
        <input id="keyHeader" name="keyHeader" defaultValue={value('keyHeader')} key={value('keyHeader')} className={`${inputClass} font-mono`} placeholder="Authorization: Bearer" aria-invalid={!!error('keyHeader')} />
      </Field>
      <Field
        label="Secret headers"
        name="secretHeaders"
        error={error('secretHeaders')}
        hint={
          initial.hasSecretHeaders
            ? 'Saved. Leave empty to keep them; they are never shown again.'
            : 'One per line, "Name: value" — e.g. Ocp-Apim-Subscription-Key: …, x-portkey-virtual-key: …. Encrypted and write-only, like the key.'
        }
      >
        <textarea id="secretHeaders" name="secretHeaders" rows={2} autoComplete="off" className={`${inputClass} font-mono`} placeholder={initial.hasSecretHeaders ? '•••••••• (saved)' : ''} aria-invalid={!!error('secretHeaders')} />
        {initial.hasSecretHeaders && (
          <label className="mt-1 flex items-center gap-2 text-xs text-slate-600">
            <input type="checkbox" name="removeSecretHeaders" defaultChecked={state.values?.removeSecretHeaders === 'on'} /> Remove the saved secret headers
          </label>
        )}
      </Field>
      <Field
        label="Upstream (for overhead runs)"
        name="upstreamId"
        error={error('upstreamId')}
        hint="If this is a gateway: the model server it forwards to, added as a target of its own. An overhead run sends the same requests to both and reports what the gateway adds, in ms."
      >
        <select id="upstreamId" name="upstreamId" defaultValue={value('upstreamId')} key={value('upstreamId')} className={inputClass} aria-invalid={!!error('upstreamId')}>
          <option value="">none</option>
          {upstreams
            .filter((u) => u.id !== initial.id)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
      </Field>
      <Field
        label="Overhead header"
        name="overheadHeader"
        error={error('overheadHeader')}
        hint="The response header in which the gateway reports its own overhead in ms, shown beside the measured overhead. Empty: x-litellm-overhead-duration-ms (LiteLLM)."
      >
        <input id="overheadHeader" name="overheadHeader" defaultValue={value('overheadHeader')} key={value('overheadHeader')} className={`${inputClass} font-mono`} placeholder="x-litellm-overhead-duration-ms" aria-invalid={!!error('overheadHeader')} />
      </Field>
      {initial.id && (initial.hasApiKey || initial.hasSecretHeaders) && (
        <p className="text-xs text-slate-500 md:col-span-2">The saved key and secret headers are sent only to the address and key header they were saved for: change either and they are removed unless you type them again.</p>
      )}
      <div className="flex items-center gap-3 md:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          {pending ? 'Saving…' : initial.id ? 'Save changes' : 'Add target'}
        </button>
        {onDone && initial.id && (
          <button type="button" onClick={onDone} className="text-sm text-slate-600 hover:underline">
            Cancel
          </button>
        )}
        {state.message && <p className={`text-sm ${state.ok ? 'text-emerald-700' : 'text-red-600'}`} role="status">{state.message}</p>}
      </div>
    </form>
  );
}
