import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { cleanText } from '@/lib/form-state';
import { launchFromFields } from '@/lib/runs/launch';

export const dynamic = 'force-dynamic';

const MAX_BODY_CHARS = 64 * 1024;

/**
 * Starts a run from a script or CI job. The body takes the New run form's field names, as
 * strings (e.g. {"targetId": "…", "users": "50", "duration": "30s", "gatewayVersion": "1.79.1"}).
 */
export async function POST(request: Request) {
  const allowed = await authorizeRequest(request, 'operator', 'start runs');
  if (!allowed.ok) return refusal(allowed);
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) return Response.json({ error: `the body is over ${MAX_BODY_CHARS / 1024} KB: send only the run's fields` }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: 'the body must be a JSON object of form fields' }, { status: 400 });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return Response.json({ error: 'the body must be a JSON object of form fields' }, { status: 400 });
  const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'on' : undefined) : v === null || v === undefined ? undefined : cleanText(String(v))]));
  const result = await launchFromFields({ loadModel: 'closed', stopBy: 'duration', promptKind: 'short', ...fields });
  if (!result.ok) return Response.json({ error: 'invalid run', fields: result.errors }, { status: 422 });
  // The address the caller used (request.url carries the listening address, e.g. 0.0.0.0).
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const origin = `${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}`;
  return Response.json({ runIds: result.runIds, sweepId: result.sweepId, url: `${origin}/runs/${result.runIds[0]}` }, { status: 201 });
}
