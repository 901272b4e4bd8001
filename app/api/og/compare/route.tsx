import { comparisonImage } from '@/components/og/images';
import { authorizeRequest, refusal } from '@/lib/auth/principal';
import { compareParamsSchema } from '@/lib/compare/queries';

export const dynamic = 'force-dynamic';

/** The PNG a comparison's link unfurls with. */
export async function GET(request: Request) {
  const allowed = await authorizeRequest(request, 'viewer', 'see comparisons');
  if (!allowed.ok) return refusal(allowed);
  const parsed = compareParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
  return comparisonImage(parsed.data.runs, parsed.data.baseline);
}
