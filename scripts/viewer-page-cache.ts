/**
 * A run page for signed-in viewers, in front of Next.js. Every viewer of a run sees the same
 * page but for one thing: their own email in the header. So the first viewer's page is
 * rendered by Next, cut where that email is, and kept briefly (a live run's for LIVE_TTL_MS, a
 * finished one's for VIEWER_TTL_MS, and dropped at once with the run's shared copies on an
 * edit, a delete or a regression verdict); the next viewers get it with their own email put
 * back. A crowd arriving on a run at once then costs one render, not one each.
 *
 * What stays per request: the session is checked on every request (as Next would, through the
 * same authenticate()), and only the viewer role is served here (operators and admins see
 * controls of their own, so they always reach Next), only for the bare page (no query, no
 * client navigation), only for an email that reads the same in HTML and in the page's script
 * data. The copy is kept only when the renderer's email is found exactly where the layout
 * puts it (EMAIL_PLACES times) and neither it nor the renderer's user id is left anywhere
 * after the cut: a page that says more about its viewer is never kept.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { authenticate } from '../lib/auth/principal';
import { getPrisma } from '../lib/db/client';
import { cachedSharedResponse, LIVE_TTL_MS, type CachedResponse } from '../lib/shares/page-cache';
import { headersOf } from './live-fast-path';
import { OTHER_ANSWER, renderOnce } from './shared-page-cache';

/** A finished run's viewer page is kept this long at most (what changes it also drops it at once). */
export const VIEWER_TTL_MS = 10_000;
/** Where the layout shows the signed-in email: the header's text, and the same in the page's script data. */
export const EMAIL_PLACES = 2;
/** The run page, its id shaped as run ids are (RUN_ID_PATTERN). */
const RUN_PAGE = /^\/runs\/([\w-]{1,16})$/;
/** Emails that HTML and JSON both write as they are (no escaping could hide one from the cut). */
const PLAIN_EMAIL = /^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9.-]{1,190}$/;

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function sendFor(res: http.ServerResponse, cached: CachedResponse, email: string, gzip: boolean): void {
  const html = Buffer.from(cached.parts!.join(email), 'utf8');
  const body = gzip ? zlib.gzipSync(html, { level: 1 }) : html;
  res.writeHead(200, { ...cached.headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
  res.end(body);
}

/** True when the request was taken (answered from the copy, or rendered by Next for a copy). */
export async function serveViewerPageFromCache(req: http.IncomingMessage, res: http.ServerResponse, handle: Handle): Promise<boolean> {
  if (req.method !== 'GET' || !req.url?.startsWith('/runs/') || req.headers.authorization) return false;
  if (OTHER_ANSWER.some((name) => req.headers[name] !== undefined)) return false;
  const url = new URL(req.url, 'http://localhost');
  const runId = RUN_PAGE.exec(url.pathname)?.[1];
  if (!runId || url.search) return false;
  const principal = await authenticate(headersOf(req));
  if (!principal || principal.role !== 'viewer' || !PLAIN_EMAIL.test(principal.email)) return false;
  const key = ['viewer', req.headers.host, req.headers['x-forwarded-proto'], req.headers['x-forwarded-host'], url.pathname].join('|');
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const serve = (cached: CachedResponse) => sendFor(res, cached, principal.email, gzip);
  const cached = cachedSharedResponse(key);
  if (cached?.parts) {
    serve(cached);
    return true;
  }
  // Next renders it for this viewer uncompressed, so the copy can be cut.
  req.headers['accept-encoding'] = 'identity';
  return renderOnce(key, req, res, handle, serve, async (response) => {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('text/html') || response.headers['content-encoding']) return undefined;
    const parts = response.body.toString('utf8').split(principal.email);
    if (parts.length !== EMAIL_PLACES + 1 || parts.some((part) => part.includes(principal.id))) return undefined;
    const run = await getPrisma().run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run) return undefined;
    const live = run.status === 'queued' || run.status === 'running';
    return { status: 200, headers: response.headers, body: Buffer.alloc(0), parts, tokenHash: '', subjectIds: [runId], expiresAt: Date.now() + (live ? LIVE_TTL_MS : VIEWER_TTL_MS) };
  });
}
