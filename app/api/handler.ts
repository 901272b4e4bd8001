/**
 * The one door every signed-in route handler goes through: who asks (session or API token),
 * whether their role may, and — for cookie-authenticated writes — that the request came from
 * our own pages. Refusals become HTTP here, and nowhere else.
 */
import { authorizeRequest, type Access, type Principal } from '@/lib/auth/principal';
import type { Role } from '@/lib/auth/roles';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '@/lib/db/unavailable';
import { isRunId, RUN_ID_ERROR } from '@/lib/runs/run-id';

export function refusal(decision: Extract<Access, { ok: false }>): Response {
  return Response.json({ error: decision.error }, { status: decision.status, headers: decision.status === 401 ? { 'www-authenticate': 'Bearer' } : undefined });
}

/** A JSON error a caller can act on. */
export const problem = (status: number, error: string, extra: object = {}) => Response.json({ error, ...extra }, { status });

/**
 * Runs a handler; if the database does not answer, says so with 503 and Retry-After instead
 * of a bare 500 (the timeouts in lib/db/client.ts make sure it fails rather than hangs).
 */
export function answering<A extends unknown[]>(handle: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handle(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return Response.json(
        { error: `${DATABASE_UNAVAILABLE} Try again in a few seconds; /api/health says when it is back.` },
        { status: 503, headers: { 'retry-after': '5', 'cache-control': 'no-store' } },
      );
    }
  };
}

type Handle<P> = (request: Request, context: { params: Promise<P>; principal: Principal }) => Promise<Response>;

export function guarded<P = Record<string, never>>(needed: Role, doing: string, handle: Handle<P>) {
  return answering(async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const allowed = await authorizeRequest(request, needed, doing);
    if (!allowed.ok) return refusal(allowed);
    return handle(request, { params: context.params, principal: allowed.principal });
  });
}

/** For /api/runs/<id>/…: the same, then <id> checked to look like a run id before any lookup. */
export function runRoute(needed: Role, doing: string, handle: (request: Request, id: string, principal: Principal) => Promise<Response>) {
  return guarded<{ id: string }>(needed, doing, async (request, { params, principal }) => {
    const { id } = await params;
    if (!isRunId(id)) return problem(400, RUN_ID_ERROR);
    return handle(request, id, principal);
  });
}

/** The `format` a data export asks for (json by default), or null when it is neither json nor csv (html: see wantsHtml). */
export function exportFormat(request: Request): 'json' | 'csv' | null {
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  return format === 'json' || format === 'csv' ? format : null;
}

/** A self-contained HTML report as a download (it opens offline: lib's data, components/reports' markup). */
export function htmlDownload(basename: string, html: string): Response {
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-disposition': `attachment; filename="${basename}.html"` } });
}

/** Whether the export asks for the HTML report. */
export const wantsHtml = (request: Request) => new URL(request.url).searchParams.get('format') === 'html';

/** An export as a download: CSV through `toCsv`, or the data as indented JSON. */
export function download<T>(format: 'json' | 'csv', basename: string, data: T, toCsv: (data: T) => string): Response {
  const disposition = { 'content-disposition': `attachment; filename="${basename}.${format}"` };
  return format === 'csv'
    ? new Response(toCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } })
    : new Response(JSON.stringify(data, null, 2), { headers: { 'content-type': 'application/json', ...disposition } });
}
