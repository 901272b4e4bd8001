/**
 * Zod pieces for HTML form fields, which arrive as strings: empty (or absent, a hidden field)
 * means "not given", so the schema's default applies. Shared by every form that takes them.
 */
import './validation';
import { z } from 'zod';

/** A number typed into a text field; empty or absent means "not given". */
export const numberField = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim() ?? '';
      if (text === '') return undefined;
      const value = Number(text);
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number` });
        return z.NEVER;
      }
      return value;
    });

/** A yes / no / not recorded select. */
export const yesNoField = z
  .enum(['', 'yes', 'no'], { error: 'answer yes, no, or leave it empty' })
  .default('')
  .transform((v) => (v === '' ? undefined : v === 'yes'));

/** A checkbox: "on" when ticked, absent otherwise. */
export const checkboxField = z.string().optional().transform((v) => v === 'on');
