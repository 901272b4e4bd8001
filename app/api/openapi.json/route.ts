import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** GET /api/openapi.json — the JSON API as OpenAPI 3.1 (public: it describes, it holds no data). */
export async function GET(request: Request): Promise<Response> {
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return Response.json(openApiDocument(`${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}`), { headers: { 'cache-control': 'public, max-age=300' } });
}
