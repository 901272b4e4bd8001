'use server';
/** Share links: create and revoke read-only links to a run or a comparison. */
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { warmSharedLink } from '../shares/page-cache';
import { createShareLink, revokeShareLink } from '../shares/links';
import { stateAction } from './action';

/** The page to refresh: the run or comparison the panel is on. */
const pageOf = (formData: FormData) => {
  const path = formData.get('path');
  return typeof path === 'string' && /^\/(runs|compare)\b/.test(path) ? path : '/runs';
};

export const createShare = stateAction({ role: 'operator', doing: 'create share links' }, async ({ principal, formData }) => {
  const result = await createShareLink(principal, { kind: formData.get('kind'), runId: formData.get('runId') ?? undefined, runs: formData.get('runs') ?? undefined, experimentId: formData.get('experimentId') ?? undefined, baseline: formData.get('baseline') || undefined });
  if (!result.ok) return { message: result.error };
  revalidatePath(pageOf(formData));
  const request = await headers();
  warmSharedLink(result.token, { host: request.get('host'), forwardedHost: request.get('x-forwarded-host'), forwardedProto: request.get('x-forwarded-proto') });
  // The link is shown this once: only its hash is kept.
  return { ok: true, message: 'Link created: copy it now, it is not shown again. Anyone holding it can read this, without signing in, until it is revoked.', secret: result.token };
});

export const revokeShare = stateAction({ role: 'operator', doing: 'revoke share links' }, async ({ principal, formData }) => {
  const result = await revokeShareLink(principal, formData.get('id'));
  if (!result.ok) return { message: result.error };
  revalidatePath(pageOf(formData));
  return { ok: true, message: 'Link revoked: it no longer opens anything.' };
});
