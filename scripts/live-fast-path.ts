/**
 * The live route's hot path, answered by the start script before Next.js: a running stage's
 * status and new seconds, from the run manager's memory, for a caller who may see it (a
 * signed-in viewer, or a share link covering the run). Everything else — finished runs,
 * refusals, bad input — falls through to the route handlers (app/api/.../live), which give the
 * same answers from the database. A live page polls every second; this saves Next's
 * per-request work (~5 ms of CPU here) on each poll.
 */
import type http from 'node:http';
import { authenticate } from '../lib/auth/principal';
import { hasRole } from '../lib/auth/roles';
import { SECURITY_HEADERS } from '../lib/security-headers';
import { resolveShare, sharedRunId } from '../lib/shares/links';
import { liveQuery } from '../lib/runs/live';
import { findRunManager } from '../lib/runs/registry';
import { isRunId } from '../lib/runs/run-id';

const MEMBER = /^\/api\/runs\/([\w-]{1,16})\/live$/;
const SHARED = /^\/api\/share\/([\w-]{20,64})\/live$/;

/** A Node request's headers as the fetch Headers authenticate() reads. */
export function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The run a live request is for, if its caller may read it; undefined to let the route decide. */
async function readableRun(pathname: string, query: URLSearchParams, req: http.IncomingMessage): Promise<string | undefined> {
  const member = MEMBER.exec(pathname);
  if (member) {
    const principal = await authenticate(headersOf(req));
    return principal && hasRole(principal.role, 'viewer') ? member[1] : undefined;
  }
  const shared = SHARED.exec(pathname);
  if (!shared) return undefined;
  const view = await resolveShare(shared[1]);
  if (!view || view.kind !== 'run') return undefined;
  return sharedRunId(view, query.get('stage'));
}

/** True when it answered; false when Next.js should handle the request. */
export async function serveLiveFromMemory(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' || !req.url || !req.url.startsWith('/api/') || !req.url.includes('/live')) return false;
  const manager = findRunManager();
  if (!manager) return false;
  const url = new URL(req.url, 'http://localhost');
  const query = liveQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return false;
  const runId = await readableRun(url.pathname, url.searchParams, req);
  if (!runId || !isRunId(runId)) return false;
  const live = manager.liveView(runId, query.data.after);
  if (!live) return false;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(live));
  return true;
}
