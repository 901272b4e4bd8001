/** What a server action returns to its form: field errors next to fields, the values to refill. */
import './validation';
import type { z } from 'zod';

export interface FormState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  /** A secret shown once (a new API token); never stored in the page otherwise. */
  secret?: string;
}

/**
 * Control characters other than tab and newlines cannot be typed into a form and NUL cannot be
 * stored by PostgreSQL: they are dropped at the boundary, whoever sent them.
 */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** Plain fields of a form submission, cleaned (files and repeated keys are not used by our forms). */
export function formValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !omit.includes(key)) values[key] = cleanText(value);
  }
  return values;
}

export function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join('.') || 'form'] ??= issue.message;
  return errors;
}
