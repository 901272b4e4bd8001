import { guarded, problem } from '@/app/api/handler';
import { comparisonImage } from '@/components/og/images';
import { compareParamsSchema } from '@/lib/compare/queries';

export const dynamic = 'force-dynamic';

/** The PNG a comparison's link unfurls with. */
export const GET = guarded('viewer', 'see comparisons', async (request) => {
  const parsed = compareParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return problem(400, parsed.error.issues[0].message);
  return comparisonImage(parsed.data.runs, parsed.data.baseline);
});
