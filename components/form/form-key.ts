import type { FormState } from '@/lib/form-state';

/**
 * A key for a form that changes with every answer the server sends back. React resets a form
 * after its action, and a <select>, radio or checkbox then falls back to what it first rendered
 * (the target reset to the first one); remounting on each answer renders every field from the
 * values sent back instead.
 */
export const formKey = (state: FormState) => JSON.stringify([state.values ?? null, state.errors ?? null, state.message ?? null]);
