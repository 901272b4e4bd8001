import { getRunManager } from '@/lib/runs/registry';

export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const cancelled = getRunManager().cancel(id);
  return Response.json({ cancelled }, { status: cancelled ? 202 : 409 });
}
