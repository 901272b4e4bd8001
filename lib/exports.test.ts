import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS } from './exports';

describe('CSV cells a spreadsheet would run (finding 26)', () => {
  it('start with an apostrophe; numbers, negative changes included, stay numbers', () => {
    const csv = stringify([['=HYPERLINK("http://evil","x")', '+cmd|calc', '=1+1', '@SUM(A1)', '\t=1', 'LiteLLM', '-5.00%', '+12.5%', -3, 'a=b']], CSV_OPTIONS);
    expect(csv.trim()).toBe(`"'=HYPERLINK(""http://evil"",""x"")",'+cmd|calc,'=1+1,'@SUM(A1),'\t=1,LiteLLM,-5.00%,+12.5%,-3,a=b`);
  });
});
