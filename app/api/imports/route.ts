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
  // The files' limit and room for the form's other parts.
  const limit = IMPORT_MAX_BYTES + 64 * 1024;
  if (Number(request.headers.get('content-length') ?? 0) > limit) return problem(413, `the upload is over ${IMPORT_MAX_BYTES / 2 ** 20} MB`);
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return problem(415, 'send multipart/form-data with the file(s) under "files" (curl -F files=@report.json)');
  // Read with the cap whatever the headers say (a chunked upload has no length to check first).
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let next = await reader?.read(); reader && next && !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return problem(413, `the upload is over ${IMPORT_MAX_BYTES / 2 ** 20} MB`);
    }
    chunks.push(next.value);
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
  } catch {
    return problem(400, 'the body is not readable multipart/form-data');
  }
  const result = await importUpload(form, principal.id);
  if (!result.ok) return problem(result.status, result.error, result.fields ? { fields: result.fields } : {});
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const origin = `${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}`;
  return Response.json({ runIds: result.runIds, importedFrom: result.tool, urls: result.runIds.map((id) => `${origin}/runs/${id}`) }, { status: 201 });
});
