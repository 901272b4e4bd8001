/** What a run id looks like (nanoid, 10 characters; up to 16 allowed). Checked before any lookup. */
export const RUN_ID_PATTERN = /^[\w-]{1,16}$/;
export const RUN_ID_ERROR = 'a run id looks like V1StGXR8_Z';

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}

/** The value when it looks like a run id (run, benchmark and experiment ids share the form), else undefined. */
export function asRunId(value: unknown): string | undefined {
  return isRunId(value) ? value : undefined;
}
