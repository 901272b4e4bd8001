/**
 * Output tokens when a server sends no `usage`: counted with gpt-tokenizer (o200k_base, the
 * encoding of current OpenAI models), a pure-JS BPE tokenizer whose encodings ship in the
 * package, so nothing is downloaded. It costs ~250 ms and ~70 MB to load, so it is loaded
 * on first need only; such runs are marked "tokens estimated". SSE chunks are never
 * counted as tokens.
 */
type Counter = (text: string) => number;
let loading: Promise<Counter> | undefined;

export function countTokens(text: string): Promise<number> {
  loading ??= import('gpt-tokenizer').then((m) => m.countTokens as Counter);
  return loading.then((count) => (text.length === 0 ? 0 : count(text)));
}
