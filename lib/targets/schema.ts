/** The target form, validated on the server with messages a user can act on. */
import { z } from 'zod';
import { checkboxField } from '../form-fields';
import { apiFlavours, RUN_DEFAULTS } from '../runner/config';

/**
 * Header names that look like they carry credentials (x-api-key, Ocp-Apim-Subscription-Key,
 * X-Functions-Key, X_API_KEY, X-Auth-Key, X-Portkey-Virtual-Key, …): their values belong under
 * Secret headers (encrypted, write-only), not in plain extra headers.
 */
const CREDENTIAL_HEADER = /(^|[-_])(api[-_]?key|key|token|secret|password|passwd|pass|cookie|auth|signature|credential|credentials|session|subscription)($|[-_])|authorization|apikey/i;

/** "Name: value" lines → headers; blank lines ignored. Secret headers skip the credential check (that is where credentials go). */
export function parseHeaderLines(text: string, options: { secret?: boolean } = {}): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(':');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { error: `line ${index + 1}: write each header as "Name: value"` };
    if (/^(authorization|host|content-length)$/i.test(name)) return { error: `line ${index + 1}: ${name} is set by the runner (put an API key in its own field)` };
    if (!options.secret && CREDENTIAL_HEADER.test(name)) {
      return { error: `line ${index + 1}: ${name} looks like a credential. Put it under Secret headers (encrypted, never shown), or the key itself in the API key field with "${name.toLowerCase()}" under Key header` };
    }
    headers[name] = line.slice(at + 1).trim();
  }
  return { headers };
}

export const targetFormSchema = z.object({
  name: z.string().trim().min(1, 'give the target a name').max(120, 'at most 120 characters'),
  baseUrl: z
    .string()
    .trim()
    .min(1, 'the base URL is required, e.g. http://127.0.0.1:4000')
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http:// or https:// URL, e.g. http://127.0.0.1:4000'),
  apiFlavour: z.enum(apiFlavours, { error: 'choose an API flavour' }),
  defaultModel: z.string().trim().max(200, 'at most 200 characters').default(''),
  headers: z
    .string()
    .max(20_000, 'too many headers')
    .default('')
    .transform((text, ctx) => {
      const parsed = parseHeaderLines(text);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed.headers;
    }),
  /** The header the key goes in; empty: Authorization: Bearer. */
  keyHeader: z
    .string()
    .trim()
    .max(100, 'at most 100 characters')
    .default('')
    .refine((v) => v === '' || /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v), 'a header name, e.g. x-portkey-api-key (letters, digits and - only)')
    .refine((v) => !/^(host|content-length|content-type|transfer-encoding|connection)$/i.test(v), 'that header is set by the runner')
    .transform((v) => (v === '' || v.toLowerCase() === 'authorization' ? null : v.toLowerCase())),
  /** Empty on edit = keep the saved key. */
  apiKey: z.string().max(8192, 'that key is too long').default(''),
  /** The form's checkbox: "on" when ticked. */
  removeApiKey: checkboxField,
  /** Secret extra headers, "Name: value" per line: encrypted, write-only, redacted. Empty on edit = keep. */
  secretHeaders: z
    .string()
    .max(20_000, 'too many headers')
    .default('')
    .transform((text, ctx) => {
      const parsed = parseHeaderLines(text, { secret: true });
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed.headers;
    }),
  removeSecretHeaders: checkboxField,
  /** The response header in which the gateway reports its own overhead (ms); empty: LiteLLM's. */
  overheadHeader: z
    .string()
    .trim()
    .max(100, 'at most 100 characters')
    .default('')
    .refine((v) => v === '' || /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v), 'a header name, e.g. x-litellm-overhead-duration-ms (letters, digits and - only)')
    .transform((v) => (v === '' || v.toLowerCase() === RUN_DEFAULTS.overheadHeader ? null : v.toLowerCase())),
  /** The model server this gateway forwards to (another target), for overhead runs; empty: none. */
  upstreamId: z
    .string()
    .default('')
    .refine((v) => v === '' || z.uuid().safeParse(v).success, 'choose a target from the list')
    .transform((v) => v || null),
});

export type TargetForm = z.output<typeof targetFormSchema>;
