/**
 * An upload of another tool's results (the Import page's form, or POST /api/imports as
 * multipart/form-data): the files under `files`, and optional labels. Checked whole before
 * anything is written; the answer says what to fix.
 */
import { z } from 'zod';
import { cleanText } from '../form-state';
import { getPrisma } from '../db/client';
import { runLabelsSchema } from '../runs/labels';
import { IMPORT_MAX_BYTES, importFiles, ImportError } from './index';
import { saveImportedRuns } from './store';
import { toolNames } from './types';

const labelsSchema = z.object({
  targetName: z.string().trim().max(120, 'at most 120 characters').optional(),
  gatewayName: runLabelsSchema.shape.gatewayName,
  gatewayVersion: runLabelsSchema.shape.gatewayVersion,
  instanceCount: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) {
        ctx.addIssue({ code: 'custom', message: 'a whole number of instances from 1 to 10000' });
        return z.NEVER;
      }
      return n;
    }),
  tags: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(runLabelsSchema.shape.tags.unwrap()),
});

export type ImportResult = { ok: true; runIds: string[]; tool: string } | { ok: false; status: number; error: string; fields?: Record<string, string> };

export async function importUpload(form: FormData, createdById: string | null): Promise<ImportResult> {
  const files = form.getAll('files').filter((f): f is File => typeof f === 'object' && f !== null && 'text' in f && f.size > 0);
  if (files.length === 0) return { ok: false, status: 400, error: 'choose at least one file (the form field is "files")' };
  if (files.length > 5) return { ok: false, status: 400, error: 'at most 5 files at once (Locust writes 4)' };
  const size = files.reduce((n, f) => n + f.size, 0);
  if (size > IMPORT_MAX_BYTES) return { ok: false, status: 413, error: `the files are ${(size / 2 ** 20).toFixed(1)} MB together; the limit is ${IMPORT_MAX_BYTES / 2 ** 20} MB` };
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? cleanText(value) : undefined;
  };
  const labels = labelsSchema.safeParse({ targetName: text('targetName'), gatewayName: text('gatewayName'), gatewayVersion: text('gatewayVersion'), instanceCount: text('instanceCount'), tags: text('tags') });
  if (!labels.success) {
    const fields = Object.fromEntries(labels.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return { ok: false, status: 422, error: 'some labels are not valid', fields };
  }
  let runs;
  try {
    runs = importFiles(await Promise.all(files.map(async (f) => ({ name: cleanText(f.name).slice(0, 200) || 'upload', text: cleanText(await f.text()) }))));
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, status: 422, error: error.message };
    throw error;
  }
  const runIds = await saveImportedRuns(getPrisma(), runs, { ...labels.data, targetName: labels.data.targetName || undefined }, createdById);
  return { ok: true, runIds, tool: toolNames[runs[0].tool] };
}
