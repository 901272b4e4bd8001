/**
 * Zod's fallback messages in words a user can act on, for the fields whose schema gives none
 * (a forged or scripted request that leaves a field out or sends the wrong type). Imported for
 * its effect by the modules every boundary goes through (form-state, run config, principal).
 */
import { z } from 'zod';

const kind: Record<string, string> = { string: 'text', number: 'a number', boolean: 'yes or no', object: 'a group of fields', array: 'a list' };

z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') return issue.input === undefined ? 'this field is required' : `must be ${kind[issue.expected] ?? issue.expected}`;
    if (issue.code === 'invalid_value') return `choose one of: ${issue.values.map(String).join(', ')}`;
    if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_union') return 'not one of the accepted forms';
    return undefined;
  },
});

export { z };
