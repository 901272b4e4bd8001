/**
 * The one door every server action goes through (after dub's authActionClient): who is asking
 * and whether their role may, the form's values cleaned, an optional zod schema parsed into
 * field errors — then the action's own work. No action checks a role by hand.
 */
import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { access, type Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable';
import { errorsOf, formValues, type FormState } from '../form-state';
import { principalOfRequest } from './request-context';

interface Gate {
  /** The least role that may. */
  role: Role;
  /** What the caller is doing, for the refusal: "start runs" → "sign in to start runs". */
  doing: string;
}

interface FormInput<S extends z.ZodType | undefined> {
  formData: FormData;
  /** The form's text fields, control characters dropped, secrets left out (see `secret`). */
  values: Record<string, string>;
  /** The schema's output, when the action has one. */
  input: S extends z.ZodType ? z.output<S> : undefined;
}

interface FormOptions<S extends z.ZodType | undefined> {
  schema?: S;
  /** Fields never echoed back into the form (passwords, API keys); the schema still sees them. */
  secret?: string[];
}

async function gate(options: Gate) {
  return access(await principalOfRequest(), options.role, options.doing);
}

/** Cleans the form and parses it with the schema, if any: the input, or field errors to show. */
function readForm<S extends z.ZodType | undefined>(options: FormOptions<S>, formData: FormData): { ok: true; form: FormInput<S> } | { ok: false; state: FormState } {
  const values = formValues(formData, options.secret);
  if (!options.schema) return { ok: true, form: { formData, values, input: undefined as FormInput<S>['input'] } };
  const secrets = Object.fromEntries((options.secret ?? []).map((key) => [key, formData.get(key) ?? undefined]));
  const parsed = options.schema.safeParse({ ...values, ...secrets });
  if (!parsed.success) return { ok: false, state: { errors: errorsOf(parsed.error), values } };
  return { ok: true, form: { formData, values, input: parsed.data as FormInput<S>['input'] } };
}

/** The form comes back as it was sent, with a message, when the database did not answer. */
async function keepingForm(values: Record<string, string>, work: () => Promise<FormState>): Promise<FormState> {
  try {
    return await work();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return { message: `${DATABASE_UNAVAILABLE} Nothing was saved; try again in a few seconds.`, values };
  }
}

/** An action behind useActionState, for signed-in callers with the role: refusals and field errors come back as FormState. */
export function stateAction<S extends z.ZodType | undefined = undefined>(options: Gate & FormOptions<S>, work: (form: FormInput<S> & { principal: Principal }) => Promise<FormState>) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData, options.secret);
    return keepingForm(values, async () => {
      const allowed = await gate(options);
      if (!allowed.ok) return { message: allowed.error };
      const read = readForm(options, formData);
      if (!read.ok) return read.state;
      return work({ ...read.form, principal: allowed.principal });
    });
  };
}

/** The same for the forms anyone may send (sign-in, first run): no role, the rest alike. */
export function publicStateAction<S extends z.ZodType | undefined = undefined>(options: FormOptions<S>, work: (form: FormInput<S>) => Promise<FormState>) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const read = readForm(options, formData);
    return read.ok ? keepingForm(read.form.values, () => work(read.form)) : read.state;
  };
}

/** A plain form action (a button in a form): a refusal goes back to `backTo` with the reason as a notice. */
export function formAction(options: Gate & { backTo: (formData: FormData) => string }, work: (input: { principal: Principal; formData: FormData }) => Promise<void>) {
  return async (formData: FormData): Promise<void> => {
    const allowed = await gate(options);
    if (!allowed.ok) {
      const back = options.backTo(formData);
      if (allowed.status === 401) redirect(`/sign-in?next=${encodeURIComponent(back)}`);
      redirect(`${back}${back.includes('?') ? '&' : '?'}notice=${encodeURIComponent(allowed.error)}`);
    }
    await work({ principal: allowed.principal, formData });
  };
}

/** An action a client component calls with arguments; a refusal comes back as `refused(reason)`. */
export function callAction<A extends unknown[], R>(options: Gate & { refused: (error: string) => R }, work: (principal: Principal, ...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      const allowed = await gate(options);
      if (!allowed.ok) return options.refused(allowed.error);
      return await work(allowed.principal, ...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return options.refused(`${DATABASE_UNAVAILABLE} Try again in a few seconds.`);
    }
  };
}
