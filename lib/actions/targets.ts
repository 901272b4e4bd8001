'use server';
/** Targets: save (create or edit), delete, test the connection. */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { checkEgress } from '../egress/allowlist';
import { egressPolicy } from '../egress/admin-hosts';
import { errorsOf } from '../form-state';
import { testConnection, type ConnectionTestResult } from '../targets/connection-test';
import { BadUpstream, createTarget, deleteTarget, TargetNameTaken, updateTarget } from '../targets/mutations';
import { getTargetWithSecret } from '../targets/queries';
import { targetFormSchema } from '../targets/schema';
import { callAction, formAction, stateAction } from './action';

const idSchema = z.uuid();

// The key is never echoed back, not even to refill the form.
export const saveTarget = stateAction({ role: 'operator', doing: 'change targets', secret: ['apiKey', 'secretHeaders'] }, async ({ formData, values }) => {
  const parsed = targetFormSchema.safeParse({ ...values, apiKey: formData.get('apiKey') ?? '', secretHeaders: formData.get('secretHeaders') ?? '' });
  if (!parsed.success) {
    const errors = errorsOf(parsed.error);
    // Headers that carried a credential are not sent back either.
    return { errors, values: errors.headers?.includes('looks like a credential') ? { ...values, headers: '' } : values };
  }
  const decision = await checkEgress(parsed.data.baseUrl, await egressPolicy());
  if (!decision.ok) return { errors: { baseUrl: decision.reason }, values };
  const id = values.id ? idSchema.safeParse(values.id) : undefined;
  if (id && !id.success) return { message: 'This target no longer exists; reload the page.', values };
  let droppedSecrets = false;
  try {
    if (id?.success) ({ droppedSecrets } = await updateTarget(id.data, parsed.data));
    else await createTarget(parsed.data);
  } catch (error) {
    if (error instanceof TargetNameTaken) return { errors: { name: `a target named "${parsed.data.name}" already exists` }, values };
    if (error instanceof BadUpstream) return { errors: { upstreamId: error.message }, values };
    throw error;
  }
  revalidatePath('/targets');
  return {
    ok: true,
    message: droppedSecrets
      ? `Saved "${parsed.data.name}". Its saved API key and secret headers were removed, because its address or key header changed: type them again to send them there.`
      : `Saved "${parsed.data.name}".`,
  };
});

export const removeTarget = formAction({ role: 'operator', doing: 'delete targets', backTo: () => '/targets' }, async ({ formData }) => {
  const id = idSchema.safeParse(formData.get('id'));
  if (id.success) await deleteTarget(id.data);
  revalidatePath('/targets');
});

export const checkTarget = callAction(
  { role: 'operator', doing: 'test targets', refused: (error): ConnectionTestResult => ({ ok: false, url: '', error }) },
  async (_principal, id: string): Promise<ConnectionTestResult> => {
    const parsed = idSchema.safeParse(id);
    const target = parsed.success ? await getTargetWithSecret(parsed.data) : null;
    if (!target) return { ok: false, url: '', error: 'This target no longer exists; reload the page.' };
    return testConnection(target);
  },
);
