'use client';

import { useActionState } from 'react';
import { Field, inputClass } from '@/components/form/field';
import { addWebhook, removeWebhook } from '@/lib/actions/webhooks';
import type { FormState } from '@/lib/form-state';
import { WEBHOOK_EVENTS } from '@/lib/webhooks/events';

export interface WebhookRow {
  id: string;
  name: string;
  host: string;
  format: string;
  events: string[];
}

/** Admins add and remove webhooks; the URL goes in once and only its host comes back. */
export function Webhooks({ hooks }: { hooks: WebhookRow[] }) {
  const [addState, add, adding] = useActionState<FormState, FormData>(addWebhook, {});
  const [removeState, remove] = useActionState<FormState, FormData>(removeWebhook, {});
  return (
    <div className="grid gap-4 text-sm">
      {hooks.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Webhooks">
          {hooks.map((hook) => (
            <li key={hook.id} className="flex items-center justify-between gap-3 px-3 py-2">
              <span>
                <span className="font-medium">{hook.name}</span> <span className="font-mono text-xs text-slate-600">{hook.host}</span>{' '}
                <span className="text-xs text-slate-500">({hook.format === 'slack' ? 'Slack' : 'JSON'}; {hook.events.join(', ')})</span>
              </span>
              <form action={remove}>
                <input type="hidden" name="id" value={hook.id} />
                <button className="rounded-md border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50">Remove</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {removeState.message && <p role="status">{removeState.message}</p>}
      {/* Re-mounted with what was sent after a refusal (React resets a form after its action). */}
      <form action={add} key={JSON.stringify(addState.values ?? {})} className="grid gap-3" aria-label="Add a webhook" noValidate>
        <div className="grid gap-3 md:grid-cols-[1fr_2fr_auto]">
          <Field label="Name" name="name" error={addState.errors?.name}>
            <input id="name" name="name" defaultValue={addState.values?.name} className={inputClass} aria-invalid={!!addState.errors?.name} />
          </Field>
          <Field label="URL" name="url" error={addState.errors?.url} hint="Its host must be allowed above. Stored encrypted; shown again only as its host.">
            <input id="url" name="url" type="url" autoComplete="off" placeholder="https://hooks.slack.com/services/…" className={inputClass} aria-invalid={!!addState.errors?.url} />
          </Field>
          <Field label="Body" name="format" error={addState.errors?.format}>
            <select id="format" name="format" defaultValue={addState.values?.format ?? 'slack'} className={inputClass}>
              <option value="slack">Slack-compatible</option>
              <option value="json">JSON event</option>
            </select>
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {Object.entries(WEBHOOK_EVENTS).map(([event, description]) => (
              <label key={event} className="flex items-center gap-2" title={description}>
                <input type="checkbox" name="events" value={event} defaultChecked={addState.values ? addState.values.events.split(',').includes(event) : event !== 'run.finished'} /> <span className="font-mono text-xs">{event}</span>
              </label>
            ))}
          </div>
          {addState.errors?.events && <p role="alert" className="mt-1 text-xs text-red-600">{addState.errors.events}</p>}
        </fieldset>
        <div className="flex items-center gap-3">
          <button disabled={adding} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">Add webhook</button>
          {addState.ok && <p role="status" className="text-emerald-700">{addState.message}</p>}
        </div>
      </form>
    </div>
  );
}
