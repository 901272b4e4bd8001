/** What a run is labelled with: what was measured. Columns on Run, filtered and compared on. */
import { z } from 'zod';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((v) => v || undefined)
    .optional();

export const runLabelsSchema = z.object({
  gatewayName: optionalText(100),
  gatewayVersion: optionalText(100),
  instanceCount: z.number().int().min(1, 'at least 1 instance').max(10_000).optional(),
  machineCpus: z.number().int().min(1).max(1024).optional(),
  machineRamGb: z.number().positive().max(65_536).optional(),
  usesPostgres: z.boolean().optional(),
  usesRedis: z.boolean().optional(),
  tags: z
    // Lower-case, so finding runs by tag does not depend on how it was typed.
    .array(z.string().trim().toLowerCase().min(1).max(64, 'a tag is at most 64 characters').regex(/^[^,]+$/, 'a tag may not contain a comma'))
    .max(20, 'at most 20 tags')
    .default([]),
});

export type RunLabels = z.output<typeof runLabelsSchema>;

/** The label columns of a Run row, from the schema itself. */
export const LABEL_KEYS = Object.keys(runLabelsSchema.shape) as (keyof RunLabels)[];

type LabelColumns = { [K in keyof RunLabels]-?: Exclude<RunLabels[K], undefined> | null };

/** A run row's labels, read back from its columns (null: not recorded). */
export function labelsOfRun(run: LabelColumns): RunLabels {
  return runLabelsSchema.parse(Object.fromEntries(LABEL_KEYS.map((key) => [key, run[key] ?? undefined])));
}
