import { guarded, problem } from '@/app/api/handler';
import { cleanText } from '@/lib/form-state';
import { launchFromFields } from '@/lib/runs/launch';
import { MAX_WAIT_S, waitForVerdict, waitSeconds } from '@/lib/runs/verdict';

export const dynamic = 'force-dynamic';

const MAX_BODY_CHARS = 64 * 1024;

/**
 * Starts a run from a script or CI job. The body takes the New run form's field names, as
 * strings (e.g. {"targetId": "…", "users": "50", "duration": "30s", "gatewayVersion": "1.79.1"}).
 */
export const POST = guarded('operator', 'start runs', async (request, { principal }) => {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) return problem(413, `the body is over ${MAX_BODY_CHARS / 1024} KB: send only the run's fields`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, 'the body must be a JSON object of form fields');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'the body must be a JSON object of form fields');
  const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'on' : undefined) : v === null || v === undefined ? undefined : cleanText(String(v))]));
  const wait = waitSeconds(new URL(request.url).searchParams.get('wait'));
  if (wait === 'invalid') return problem(400, `wait is a number of seconds from 1 to ${MAX_WAIT_S} (or 1 for the longest)`);
  const result = await launchFromFields(fields, principal);
  if (!result.ok) return problem(422, 'invalid run', { fields: result.errors });
  // The address the caller used (request.url carries the listening address, e.g. 0.0.0.0).
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const origin = `${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}`;
  const started = { runIds: result.runIds, sweepId: result.sweepId, experimentId: result.experimentId, url: result.experimentId ? `${origin}/experiments/${result.experimentId}` : `${origin}/runs/${result.runIds[0]}` };
  if (!wait) return Response.json(started, { status: 201 });
  // Wait for the verdict (bounded): 200 with it, or 202 to poll GET /api/runs/<id>/verdict.
  const verdict = await waitForVerdict(result.runIds, wait * 1000);
  return Response.json({ ...started, ...verdict }, { status: verdict.done ? 200 : 202 });
});
