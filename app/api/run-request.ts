import { authorizeRequest, refusal } from '@/lib/auth/principal';
import type { Role } from '@/lib/auth/roles';
import { isRunId, RUN_ID_ERROR } from '@/lib/runs/run-id';

/**
 * The start of every /api/…/runs/<id>/… handler: may the caller do this, and is <id> a run id?
 * Returns the id, or the refusal to send back as it is.
 */
export async function runRequest(request: Request, params: Promise<{ id: string }>, needed: Role, doing: string): Promise<{ id: string } | Response> {
  const allowed = await authorizeRequest(request, needed, doing);
  if (!allowed.ok) return refusal(allowed);
  const { id } = await params;
  if (!isRunId(id)) return Response.json({ error: RUN_ID_ERROR }, { status: 400 });
  return { id };
}
