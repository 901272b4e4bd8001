/**
 * Rendered share-link responses (the shared page and its link image), kept so a crowd opening
 * one link costs one render, not one each. The cache holds content, never the decision: every
 * request still resolves its token (revoked → not served). A finished subject is kept until it
 * changes — an edit, a delete or a revoke forgets it at once (the calls below) — and for at most
 * FINISHED_TTL_MS; a live one for LIVE_TTL_MS, its page then catching up through the live route
 * as it does anyway. Shared by the start script and the Next.js bundle (ProcessCache).
 */
import http from 'node:http';
import { ProcessCache } from '../process-cache';
import { processSlot } from '../process-slot';

export const LIVE_TTL_MS = 1000;
export const FINISHED_TTL_MS = 10 * 60_000;

export interface CachedResponse {
  status: number;
  headers: Record<string, string | string[] | number>;
  body: Buffer;
  /** The link (its stored hash) and what it shows, for forgetting ('' for a signed-in page). */
  tokenHash: string;
  /** A signed-in viewer's page: its HTML cut where the viewer's email goes (see scripts/viewer-page-cache.ts). */
  parts?: string[];
  subjectIds: string[];
  expiresAt: number;
}

const pages = new ProcessCache<CachedResponse>('shared-page-cache', FINISHED_TTL_MS, 2000);

export function cachedSharedResponse(key: string, now = Date.now()): CachedResponse | undefined {
  const entry = pages.get(key, now);
  if (entry && entry.expiresAt > now) return entry;
  if (entry) pages.delete(key);
  return undefined;
}

export function keepSharedResponse(key: string, response: CachedResponse, now = Date.now()): void {
  pages.set(key, response, now);
}

/** A link was revoked or deleted: its responses go now. */
export function forgetSharedPagesOfLinks(tokenHashes: string[]): void {
  if (tokenHashes.length) pages.deleteWhere((entry) => tokenHashes.includes(entry.tokenHash));
}

/** Runs (or an experiment) changed or went: every response showing one of them goes now. */
export function forgetSharedPagesOf(subjectIds: string[]): void {
  if (subjectIds.length) pages.deleteWhere((entry) => entry.subjectIds.some((id) => subjectIds.includes(id)));
}

/** Where this process's own server listens (set by the start script), for warming new links. */
const localOrigin = processSlot<string>('local-origin');
export const setLocalOrigin = (origin: string | undefined) => localOrigin.set(origin);

/**
 * Asks this server for a link's page and image now, as a browser at `address` will (compressed
 * as browsers accept): a link just created is rendered before anyone opens it, so a crowd on it
 * finds both ready; at start, a token that opens nothing loads the two routes. Does nothing
 * outside the start script's server.
 */
export function warmSharedLink(token: string, address: WarmAddress): void {
  warmRoutes([`/api/share/${token}/og`, `/share/${token}`], address);
}

type WarmAddress = { host: string | null; forwardedHost: string | null; forwardedProto: string | null };

/** Asks this server for `paths` now, as a browser at `address` would, and ignores the answers (they load and render what they need). */
export function warmRoutes(paths: string[], address: WarmAddress): void {
  const origin = localOrigin.get();
  if (!origin || !address.host) return;
  const headers: Record<string, string> = { host: address.host, 'accept-encoding': 'gzip, deflate, br' };
  if (address.forwardedHost) headers['x-forwarded-host'] = address.forwardedHost;
  if (address.forwardedProto) headers['x-forwarded-proto'] = address.forwardedProto;
  for (const path of paths) {
    const request = http.get(`${origin}${path}`, { headers }, (response) => response.resume());
    request.on('error', () => undefined);
  }
}
