import { guarded, problem } from '@/app/api/handler';
import { getPrisma } from '@/lib/db/client';
import { cleanText } from '@/lib/form-state';
import { launchBenchmark } from '@/lib/runs/launch';
import { MAX_WAIT_S, waitForVerdict, waitSeconds } from '@/lib/runs/verdict';
import { benchmarkRunBodySchema as bodySchema } from '@/lib/benchmarks/api';

export const dynamic = 'force-dynamic';



/**
 * POST /api/benchmarks/<id or name>/runs — runs a benchmark from CI, labelled with the version
 * under test ({"gatewayVersion": "1.80.0"}). With ?wait=N it answers with the verdict: thresholds
 * held and no regression against the benchmark's history (200), or 202 to poll
 * GET /api/runs/<id>/verdict.
 */
export const POST = guarded<{ id: string }>('operator', 'start runs', async (request, { params, principal }) => {
  const { id: key } = await params;
  let name: string;
  try {
    // Control characters cannot be in a name (PostgreSQL refuses NUL): dropped, as from any form.
    name = cleanText(decodeURIComponent(key)).slice(0, 120);
  } catch {
    return problem(400, 'the benchmark name in the URL is not valid percent-encoding: encode it with encodeURIComponent');
  }
  const benchmark = await getPrisma().benchmark.findFirst({ where: { OR: [{ id: name }, { name }] }, select: { id: true } });
  if (!benchmark) return problem(404, `no benchmark with the id or name "${name}"`);
  const text = await request.text();
  if (text.length > 16 * 1024) return problem(413, 'the body is over 16 KB: send only gatewayVersion and tags');
  let json: unknown = {};
  try {
    if (text.trim()) json = JSON.parse(text);
  } catch {
    return problem(400, 'the body must be a JSON object, e.g. {"gatewayVersion": "1.80.0"}');
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) return problem(400, `${body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')} (a benchmark run takes gatewayVersion and tags; its load is the benchmark's)`);
  const wait = waitSeconds(new URL(request.url).searchParams.get('wait'));
  if (wait === 'invalid') return problem(400, `wait is a number of seconds from 1 to ${MAX_WAIT_S} (or 1 for the longest)`);
  const result = await launchBenchmark(benchmark.id, { startedBy: principal, labels: { gatewayVersion: body.data.gatewayVersion || undefined, tags: body.data.tags } });
  if (!result.ok) return problem(422, result.error);
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const started = { runIds: result.runIds, benchmarkId: benchmark.id, url: `${request.headers.get('x-forwarded-proto') ?? 'http'}://${host}/runs/${result.runIds[0]}` };
  if (!wait) return Response.json(started, { status: 201 });
  const verdict = await waitForVerdict(result.runIds, wait * 1000);
  return Response.json({ ...started, ...verdict }, { status: verdict.done ? 200 : 202 });
});
