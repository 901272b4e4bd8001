import { guarded, problem } from '@/app/api/handler';
import { IMPORT_MAX_BYTES } from '@/lib/imports';
import { importUpload } from '@/lib/imports/upload';

export const dynamic = 'force-dynamic';

/**
 * Imports another tool's results into history: multipart/form-data with the file(s) under
 * `files` (Locust's --csv files together, or one k6, vLLM or GuideLLM file) and optional labels
 * (targetName, gatewayName, gatewayVersion, instanceCount, tags). 201 with the new run ids.
 */
export const POST = guarded('operator', 'import results', async (request, { principal }) => {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > IMPORT_MAX_BYTES + 64 * 1024) return problem(413, `the upload is over ${IMPORT_MAX_BYTES / 2 ** 20} MB`);
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return problem(415, 'send multipart/form-data with the file(s) under "files" (curl -F files=@report.json)');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return problem(400, 'the body is not readable multipart/form-data');
  }
  const result = await importUpload(form, principal.id);
  if (!result.ok) return problem(result.status, result.error, result.fields ? { fields: result.fields } : {});
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const origin = `${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}`;
  return Response.json({ runIds: result.runIds, importedFrom: result.tool, urls: result.runIds.map((id) => `${origin}/runs/${id}`) }, { status: 201 });
});
