'use server';
/** Webhooks (admins): where the app posts when runs finish, thresholds fail and regressions are found. */
import { revalidatePath } from 'next/cache';
import { createWebhook, deleteWebhook } from '../webhooks/store';
import { stateAction } from './action';

const gate = { role: 'admin', doing: 'manage webhooks' } as const;

export const addWebhook = stateAction({ ...gate, secret: ['url'] }, async ({ principal, values, formData }) => {
  const url = formData.get('url');
  const events = formData.getAll('events');
  const result = await createWebhook({ name: values.name, url: typeof url === 'string' ? url.trim() : url, format: values.format, events }, principal.id);
  // The boxes ticked come back with the form (the URL does not: it is a secret).
  if (!result.ok) return { errors: result.errors, values: { ...values, events: events.map(String).join(',') }, message: 'Some fields need attention.' };
  revalidatePath('/settings');
  return { ok: true, message: `Added "${values.name}".` };
});

export const removeWebhook = stateAction(gate, async ({ formData }) => {
  const removed = await deleteWebhook(String(formData.get('id') ?? ''));
  if (!removed) return { message: 'That webhook no longer exists; reload the page.' };
  revalidatePath('/settings');
  return { ok: true, message: 'Removed; its delivery log went with it.' };
});
