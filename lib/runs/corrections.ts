/**
 * Runs corrected after the fact: a title, notes, labels and tags edited (operators); a run (or
 * its whole sweep) deleted with its points, histograms and share links (operators their own
 * runs, admins any). Every edit and delete is in the audit log.
 */
import { z } from 'zod';
import { numberField, yesNoField } from '../form-fields';
import type { Principal } from '../auth/principal';
import { hasRole } from '../auth/roles';
import { auditEvent } from '../audit/log';
import { getPrisma } from '../db/client';
import { forgetSharesOf } from '../shares/links';
import { forgetSharedPagesOf } from '../shares/page-cache';
import { LABEL_KEYS, runLabelsSchema } from './labels';


/** The edit form's fields: title, notes and the labels, as the run form writes them. */
export const runDetailsFieldsSchema = z
  .object({
    title: z.string().trim().max(200, 'a title is at most 200 characters').default(''),
    notes: z.string().trim().max(10_000, 'notes are at most 10,000 characters').default(''),
    gatewayName: z.string().default(''),
    gatewayVersion: z.string().default(''),
    instanceCount: numberField('instance count'),
    machineCpus: numberField('CPUs'),
    machineRamGb: numberField('RAM'),
    usesPostgres: yesNoField,
    usesRedis: yesNoField,
    tags: z.string().default(''),
  })
  .transform(({ title, notes, tags, ...labels }, ctx) => {
    const parsed = runLabelsSchema.safeParse({ ...labels, tags: tags.split(',').map((t) => t.trim()).filter(Boolean) });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [String(issue.path[0])] });
      return z.NEVER;
    }
    return { title: title || null, notes: notes || null, labels: parsed.data };
  });

export type RunDetails = z.output<typeof runDetailsFieldsSchema>;

export type CorrectionResult = { ok: true } | { ok: false; error: string };

/** Saves a run's title, notes and labels; records what changed. */
export async function updateRunDetails(user: Principal, runId: string, details: RunDetails): Promise<CorrectionResult> {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id: runId } });
  if (!run) return { ok: false, error: `no run ${runId}` };
  const next = { title: details.title, notes: details.notes, ...Object.fromEntries(LABEL_KEYS.map((key) => [key, details.labels[key] ?? (key === 'tags' ? [] : null)])) };
  const before = Object.fromEntries(Object.keys(next).map((key) => [key, run[key as keyof typeof run]]));
  const changed = Object.keys(next).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key as keyof typeof next]));
  if (changed.length === 0) return { ok: true };
  await prisma.$transaction([
    prisma.run.update({ where: { id: runId }, data: next }),
    prisma.auditEvent.create({
      data: auditEvent({ user, action: 'run.edit', subject: runId, detail: Object.fromEntries(changed.map((key) => [key, { before: before[key], after: next[key as keyof typeof next] }])) }),
    }),
  ]);
  forgetSharedPagesOf([runId]);
  return { ok: true };
}

/** Deletes a finished run — or its whole sweep — with its points, histograms and share links. */
export async function deleteRun(user: Principal, runId: string): Promise<CorrectionResult & { deleted?: string[] }> {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { id: true, sweepId: true, createdById: true, status: true, targetName: true, stageLabel: true, gatewayName: true, gatewayVersion: true, createdAt: true } });
  if (!run) return { ok: false, error: `no run ${runId}` };
  if (!hasRole(user.role, 'admin') && run.createdById !== user.id) return { ok: false, error: 'operators delete only runs they started; ask an admin to delete this one' };
  const runs = run.sweepId ? await prisma.run.findMany({ where: { sweepId: run.sweepId }, select: { id: true, status: true } }) : [run];
  if (runs.some((r) => r.status === 'queued' || r.status === 'running')) return { ok: false, error: 'this run is still going: cancel it first' };
  const ids = runs.map((r) => r.id);
  const links = await prisma.shareLink.findMany({ where: { runIds: { hasSome: ids } }, select: { id: true, token: true } });
  await prisma.$transaction([
    prisma.shareLink.deleteMany({ where: { id: { in: links.map((l) => l.id) } } }),
    prisma.run.deleteMany({ where: { id: { in: ids } } }),
    prisma.auditEvent.create({
      data: auditEvent({
        user,
        action: 'run.delete',
        subject: runId,
        detail: { runIds: ids, target: run.targetName, stage: run.stageLabel, gateway: [run.gatewayName, run.gatewayVersion].filter(Boolean).join(' ') || null, createdAt: run.createdAt, shareLinks: links.length },
      }),
    }),
  ]);
  forgetSharesOf(links.map((l) => l.token));
  forgetSharedPagesOf(ids);
  return { ok: true, deleted: ids };
}
