/** OpenAI-compatible chat completions, completions and embeddings. */
import type { RunConfig } from '../config';
import { usageTokens, type Protocol } from './protocol';

type Options = Pick<RunConfig, 'stream' | 'maxTokens'> & { model: string };

const jsonHeaders = (stream: boolean): Record<string, string> => ({
  'content-type': 'application/json',
  accept: stream ? 'text/event-stream' : 'application/json',
});

interface Choice {
  delta?: { content?: unknown };
  message?: { content?: unknown };
  text?: unknown;
}

const choice = (data: unknown): Choice | undefined => (data as { choices?: Choice[] } | null)?.choices?.[0];
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A generation request: the prompt part differs by endpoint; streams ask for usage. */
function generation(options: Options, input: (prompt: string) => object): Protocol['buildRequest'] {
  return (prompt) => ({
    method: 'POST',
    headers: jsonHeaders(options.stream),
    body: JSON.stringify({
      model: options.model,
      ...input(prompt),
      max_tokens: options.maxTokens,
      stream: options.stream,
      ...(options.stream ? { stream_options: { include_usage: true } } : {}),
    }),
  });
}

export function openaiChat(options: Options): Protocol {
  return {
    streaming: options.stream,
    expectsJson: true,
    buildRequest: generation(options, (prompt) => ({ messages: [{ role: 'user', content: prompt }] })),
    readChunk: (data) => ({ content: text(choice(data)?.delta?.content), completionTokens: usageTokens(data) }),
    readBody: (data) => ({ content: text(choice(data)?.message?.content), completionTokens: usageTokens(data) }),
  };
}

export function openaiCompletions(options: Options): Protocol {
  return {
    streaming: options.stream,
    expectsJson: true,
    buildRequest: generation(options, (prompt) => ({ prompt })),
    readChunk: (data) => ({ content: text(choice(data)?.text), completionTokens: usageTokens(data) }),
    readBody: (data) => ({ content: text(choice(data)?.text), completionTokens: usageTokens(data) }),
  };
}

export function openaiEmbeddings(options: Options): Protocol {
  return {
    streaming: false,
    expectsJson: true,
    buildRequest: (prompt) => ({
      method: 'POST',
      headers: jsonHeaders(false),
      body: JSON.stringify({ model: options.model, input: prompt }),
    }),
  };
}
