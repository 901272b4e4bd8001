/**
 * Share links in front of Next.js: GET /share/<token> (its page) and /api/share/<token>/og (its
 * link image) are answered from the rendered copy in lib/shares/page-cache.ts when there is
 * one; else Next.js renders, the response is kept as it goes out, and requests for the same
 * thing that arrive meanwhile wait for that one render instead of each starting their own.
 * The token is resolved on every request first: an unknown or revoked link always reaches Next
 * (which answers it as before), so the cache never decides who may see what.
 */
import type http from 'node:http';
import { tokenHash } from '../lib/auth/tokens';
import { getPrisma } from '../lib/db/client';
import { cachedSharedResponse, FINISHED_TTL_MS, keepSharedResponse, LIVE_TTL_MS, type CachedResponse } from '../lib/shares/page-cache';
import { resolveShare, sharedRunId, type SharedView } from '../lib/shares/links';

const PAGE = /^\/share\/([\w-]{20,64})$/;
const IMAGE = /^\/api\/share\/([\w-]{20,64})\/og$/;
/** Headers that make Next answer with something else than the page (client navigations, prefetches). */
export const OTHER_ANSWER = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-action', 'range'];
/** Per response, not per content. */
const NOT_KEPT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const filling = new Map<string, Promise<CachedResponse | undefined>>();

/** The subjects a link's response shows, and whether all of them are over (then it keeps). */
async function subjectOf(view: SharedView, query: URLSearchParams): Promise<{ ids: string[]; settled: boolean }> {
  const prisma = getPrisma();
  if (view.kind === 'experiment') {
    const experiment = await prisma.experiment.findUnique({ where: { id: view.runIds[0] }, select: { status: true, runs: { select: { id: true } } } });
    return { ids: [view.runIds[0], ...(experiment?.runs.map((r) => r.id) ?? [])], settled: !!experiment && !['queued', 'running'].includes(experiment.status) };
  }
  const ids = view.kind === 'run' ? [sharedRunId(view, query.get('stage')), ...view.runIds] : view.runIds;
  const runs = await prisma.run.findMany({ where: { id: { in: ids } }, select: { status: true } });
  return { ids, settled: runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running') };
}

function send(res: http.ServerResponse, cached: CachedResponse): void {
  res.writeHead(cached.status, { ...cached.headers, 'content-length': cached.body.length });
  res.end(cached.body);
}

/** Lets Next answer, keeping a copy of a 200 as it is written. */
function renderAndKeep(req: http.IncomingMessage, res: http.ServerResponse, handle: Handle, onDone: (response: { status: number; headers: CachedResponse['headers']; body: Buffer } | undefined) => void): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const result = end(chunk, ...rest);
    const headers = Object.fromEntries(Object.entries(res.getHeaders()).filter(([name, value]) => value !== undefined && !NOT_KEPT.has(name.toLowerCase()))) as CachedResponse['headers'];
    onDone(res.statusCode === 200 && !res.getHeader('set-cookie') ? { status: 200, headers, body: Buffer.concat(chunks) } : undefined);
    return result;
  }) as typeof res.end;
  res.once('close', () => {
    if (!res.writableEnded) onDone(undefined);
  });
  handle(req, res);
}

/** True when the request was taken (answered from the cache, or rendered by Next and kept). */
export async function serveSharedFromCache(req: http.IncomingMessage, res: http.ServerResponse, handle: Handle): Promise<boolean> {
  if (req.method !== 'GET' || !req.url || !(req.url.startsWith('/share/') || req.url.startsWith('/api/share/'))) return false;
  if (OTHER_ANSWER.some((name) => req.headers[name] !== undefined)) return false;
  const url = new URL(req.url, 'http://localhost');
  const token = (PAGE.exec(url.pathname) ?? IMAGE.exec(url.pathname))?.[1];
  if (!token) return false;
  const view = await resolveShare(token);
  if (!view) return false;
  // What the response depends on: the address it was asked at (its absolute links), the query, compression.
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const key = [req.headers.host, req.headers['x-forwarded-proto'], req.headers['x-forwarded-host'], url.pathname, url.search, gzip ? 'gz' : 'id'].join('|');
  const cached = cachedSharedResponse(key);
  if (cached) {
    send(res, cached);
    return true;
  }
  return renderOnce(key, req, res, handle, (filled) => send(res, filled), async (response) => {
    const { ids, settled } = await subjectOf(view, url.searchParams);
    return { ...response, tokenHash: tokenHash(token), subjectIds: ids, expiresAt: Date.now() + (settled ? FINISHED_TTL_MS : LIVE_TTL_MS) };
  });
}

/**
 * Next renders what `key` names once: this request gets the render as it is written, and
 * `keep` makes the copy kept under `key` (or nothing). Requests for the same key that arrive
 * meanwhile wait and are sent the copy (`serve`); false when there was none for them.
 */
export async function renderOnce(
  key: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  handle: Handle,
  serve: (filled: CachedResponse) => void,
  keep: (response: { status: number; headers: CachedResponse['headers']; body: Buffer }) => Promise<CachedResponse | undefined>,
): Promise<boolean> {
  const inFlight = filling.get(key);
  if (inFlight) {
    const filled = await inFlight;
    if (filled && !res.headersSent) {
      serve(filled);
      return true;
    }
    return false;
  }
  const fill = new Promise<CachedResponse | undefined>((resolve) => {
    renderAndKeep(req, res, handle, (response) => {
      if (!response) return resolve(undefined);
      keep(response).then(
        (entry) => {
          if (entry) keepSharedResponse(key, entry);
          resolve(entry);
        },
        () => resolve(undefined),
      );
    });
  });
  filling.set(key, fill);
  void fill.finally(() => filling.delete(key));
  return true;
}
