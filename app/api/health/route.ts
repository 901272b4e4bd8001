import { getHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.database.status === 'up' ? 200 : 503 });
}
