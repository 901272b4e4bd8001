/**
 * Share links: a run or a comparison readable without an account by whoever holds the link.
 * The token is 256 random bits, shown once when the link is made and stored only as its SHA-256
 * (like sessions and API tokens); revoking is immediate. A link opens only the runs it names.
 */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { ProcessCache } from '../process-cache';
import { forgetSharedPagesOfLinks } from './page-cache';
import { RUN_ID_ERROR, RUN_ID_PATTERN } from '../runs/run-id';
import { randomToken, tokenHash } from '../auth/tokens';
import { hasRole } from '../auth/roles';
import type { SignedInUser } from '../auth/sessions';

const runId = z.string().regex(RUN_ID_PATTERN, RUN_ID_ERROR);

export const newShareSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('run'), runId }),
    z.object({ kind: z.literal('experiment'), experimentId: runId }),
    z.object({
      kind: z.literal('comparison'),
      runs: z
        .string({ error: 'say which runs the comparison holds' })
        .max(400, 'compare at most 20 runs at once')
        .transform((text) => [...new Set(text.split(',').map((id) => id.trim()).filter(Boolean))])
        .pipe(z.array(runId).min(2, 'a comparison needs at least two runs').max(20, 'compare at most 20 runs at once')),
      baseline: runId.optional(),
    }),
  ],
  { error: 'share a run, a comparison or an experiment' },
);

export type ShareResult = { ok: true; token: string } | { ok: false; error: string };

/** Creates a link. For a comparison the baseline goes first; a run in a sweep shares its whole sweep. */
export async function createShareLink(user: SignedInUser, input: unknown): Promise<ShareResult> {
  const parsed = newShareSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const prisma = getPrisma();
  let runIds: string[];
  if (parsed.data.kind === 'experiment') {
    const experiment = await prisma.experiment.findUnique({ where: { id: parsed.data.experimentId }, select: { id: true } });
    if (!experiment) return { ok: false, error: `no experiment ${parsed.data.experimentId}` };
    runIds = [experiment.id];
  } else if (parsed.data.kind === 'run') {
    const run = await prisma.run.findUnique({ where: { id: parsed.data.runId }, select: { id: true, sweepId: true } });
    if (!run) return { ok: false, error: `no run ${parsed.data.runId}` };
    const stages = run.sweepId ? await prisma.run.findMany({ where: { sweepId: run.sweepId }, select: { id: true }, orderBy: { sweepStage: 'asc' } }) : [];
    runIds = [run.id, ...stages.map((s) => s.id).filter((id) => id !== run.id)];
  } else {
    const { runs, baseline } = parsed.data;
    const found = await prisma.run.findMany({ where: { id: { in: runs } }, select: { id: true } });
    const missing = runs.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) return { ok: false, error: `no run ${missing.join(', ')}` };
    runIds = baseline && runs.includes(baseline) ? [baseline, ...runs.filter((id) => id !== baseline)] : runs;
  }
  const token = randomToken();
  await prisma.shareLink.create({ data: { token: tokenHash(token), kind: parsed.data.kind, runIds, createdById: user.id } });
  return { ok: true, token };
}

/** The live links that cover a run (for its page) or exactly a comparison's runs: an operator sees their own, an admin every one. */
export function listShareLinks(filter: { runId: string } | { comparison: string[] } | { experimentId: string }, viewer: SignedInUser) {
  const where = {
    ...('runId' in filter
      ? { kind: 'run' as const, revokedAt: null, runIds: { has: filter.runId } }
      : 'experimentId' in filter
        ? { kind: 'experiment' as const, revokedAt: null, runIds: { has: filter.experimentId } }
        : { kind: 'comparison' as const, revokedAt: null, runIds: { hasEvery: filter.comparison } }),
    ...(hasRole(viewer.role, 'admin') ? {} : { createdById: viewer.id }),
  };
  return getPrisma()
    .shareLink.findMany({ where, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, kind: true, runIds: true, createdAt: true, createdById: true, createdBy: { select: { email: true } } } })
    .then((links) => ('comparison' in filter ? links.filter((l) => l.runIds.length === filter.comparison.length) : links));
}

/** Revokes a link: its creator or an admin may. */
export async function revokeShareLink(user: SignedInUser, id: unknown): Promise<{ ok: boolean; error?: string }> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, error: 'unknown share link; reload the page' };
  const prisma = getPrisma();
  const link = await prisma.shareLink.findUnique({ where: { id: parsed.data } });
  if (!link || link.revokedAt) return { ok: false, error: 'this link is already revoked' };
  if (link.createdById !== user.id && !hasRole(user.role, 'admin')) return { ok: false, error: 'only the link’s creator or an admin can revoke it' };
  await prisma.shareLink.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
  resolved.delete(link.token);
  forgetSharedPagesOfLinks([link.token]);
  return { ok: true };
}

// Remembered for a while (a shared live page polls every second); revoking forgets at once.
const resolved = new ProcessCache<SharedView | null>('share-cache', 30_000);

export interface SharedView {
  kind: 'run' | 'comparison' | 'experiment';
  /** The runs it opens; for an experiment, its id (its arm runs are opened through it). */
  runIds: string[];
}

/** The run a shared run's page shows: the `stage` asked for when the link covers it, else the one shared. */
export function sharedRunId(view: SharedView, stage: unknown): string {
  return typeof stage === 'string' && view.runIds.includes(stage) ? stage : view.runIds[0];
}

/** Forgets resolved links at once (their runs were deleted), by their stored hashes. */
export function forgetSharesOf(hashes: string[]): void {
  for (const hash of hashes) resolved.delete(hash);
  forgetSharedPagesOfLinks(hashes);
}

/** What a share token opens, or null when it is unknown or revoked. */
export async function resolveShare(token: unknown): Promise<SharedView | null> {
  if (typeof token !== 'string' || !/^[\w-]{20,64}$/.test(token)) return null;
  const hash = tokenHash(token);
  const cached = resolved.get(hash);
  if (cached !== undefined) return cached;
  const link = await getPrisma().shareLink.findUnique({ where: { token: hash }, select: { kind: true, runIds: true, revokedAt: true } });
  const view = link && !link.revokedAt ? { kind: link.kind, runIds: link.runIds } : null;
  resolved.set(hash, view);
  return view;
}
