/**
 * The signed-in user of a page request. Every page calls requireSignedIn first (pinned by
 * app/boundary.test.ts); server actions go through lib/actions/action.ts instead.
 */
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { principalOfRequest } from '@/lib/actions/request-context';
import type { Principal } from '@/lib/auth/principal';

/** Once per request, however many components ask. */
export const currentPrincipal = cache(principalOfRequest);

/** For pages: the signed-in user, or a redirect to sign in and come back to `path` (with its query). */
export async function requireSignedIn(path: string, query: Record<string, string | string[] | undefined> = {}): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) {
    const search = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [v].flat().map((one) => [k, one]))));
    const back = search.size ? `${path}?${search}` : path;
    redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  }
  return principal;
}
