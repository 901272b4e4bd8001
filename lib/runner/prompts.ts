/**
 * Prompt profiles: a short question, a long context (one sentence × N, as the reference
 * LiteLLM tests use), a user's own list (round-robin), optionally behind a random UUID so
 * no cache along the way can answer from memory.
 */
import { randomUUID } from 'node:crypto';
import type { RunConfig } from './config';

export const SHORT_PROMPT = 'Write one sentence about load testing.';
export const LONG_SENTENCE = 'The quick brown fox jumps over the lazy dog while the gateway routes every request. ';

export interface PromptSource {
  /** True when every call returns the same text (request bodies can be built once). */
  readonly fixed: boolean;
  next(): string;
}

export function createPromptSource(prompt: RunConfig['prompt']): PromptSource {
  const base: () => string = (() => {
    switch (prompt.kind) {
      case 'short':
        return () => SHORT_PROMPT;
      case 'long': {
        const text = LONG_SENTENCE.repeat(prompt.repeat).trim();
        return () => text;
      }
      case 'list': {
        const prompts = prompt.prompts ?? [SHORT_PROMPT];
        let index = 0;
        return () => prompts[index++ % prompts.length];
      }
    }
  })();
  const fixed = !prompt.cacheBust && (prompt.kind !== 'list' || (prompt.prompts?.length ?? 0) <= 1);
  return { fixed, next: prompt.cacheBust ? () => `${randomUUID()} ${base()}` : base };
}
