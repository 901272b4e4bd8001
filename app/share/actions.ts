'use server';

import { revalidatePath } from 'next/cache';
import { actionAccess } from '@/app/auth';
import type { FormState } from '@/lib/form-state';
import { createShareLink, revokeShareLink } from '@/lib/shares/links';

const pageOf = (formData: FormData) => {
  const path = formData.get('path');
  return typeof path === 'string' && /^\/(runs|compare)\b/.test(path) ? path : '/runs';
};

export async function createShare(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('operator', 'create share links');
  if (!allowed.ok) return { message: allowed.error };
  const result = await createShareLink(allowed.principal, { kind: formData.get('kind'), runId: formData.get('runId') ?? undefined, runs: formData.get('runs') ?? undefined, baseline: formData.get('baseline') || undefined });
  if (!result.ok) return { message: result.error };
  revalidatePath(pageOf(formData));
  return { ok: true, message: 'Link created: anyone holding it can read this, without signing in, until it is revoked.' };
}

export async function revokeShare(_previous: FormState, formData: FormData): Promise<FormState> {
  const allowed = await actionAccess('operator', 'revoke share links');
  if (!allowed.ok) return { message: allowed.error };
  const result = await revokeShareLink(allowed.principal, formData.get('id'));
  if (!result.ok) return { message: result.error };
  revalidatePath(pageOf(formData));
  return { ok: true, message: 'Link revoked: it no longer opens anything.' };
}
