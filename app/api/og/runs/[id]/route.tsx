import { runRoute } from '@/app/api/handler';
import { runImage } from '@/components/og/images';

export const dynamic = 'force-dynamic';

/** The PNG a run's permalink unfurls with (signed-in viewers; share links have their own). */
export const GET = runRoute('viewer', 'see runs', async (_request, id) => runImage(id));
