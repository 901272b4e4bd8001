'use server';
/** Settings (admins): the hosts and networks runs may reach. */
import { revalidatePath } from 'next/cache';
import { addAllowedHost, removeAllowedHost } from '../egress/admin-hosts';
import { stateAction } from './action';

const gate = { role: 'admin', doing: 'change where runs may send traffic' } as const;

export const allowHost = stateAction(gate, async ({ principal, values }) => {
  const result = await addAllowedHost(principal, values.entry);
  if (!result.ok) return { errors: { entry: result.error }, values };
  revalidatePath('/settings');
  return { ok: true, message: `Runs may now reach ${result.entry}.` };
});

export const disallowHost = stateAction(gate, async ({ formData }) => {
  const result = await removeAllowedHost(formData.get('id'));
  if (!result.ok) return { message: result.error };
  revalidatePath('/settings');
  return { ok: true, message: 'Removed. Targets there are refused from the next check on.' };
});
