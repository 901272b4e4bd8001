/**
 * A protocol turns a prompt into an HTTP request and reads what matters out of the reply.
 * Streams are parsed by the sender; a protocol only says where content and usage live.
 */
export interface RequestSpec {
  method: string;
  body?: string;
  /** Extra headers this protocol needs (content type, accept). */
  headers: Record<string, string>;
}

export interface Protocol {
  /** Whether the reply is an SSE stream. */
  streaming: boolean;
  /** Whether a 2xx body must be JSON (raw-http accepts anything). */
  expectsJson: boolean;
  buildRequest(prompt: string): RequestSpec;
  /** From one parsed SSE data object: content text (may be empty) and usage tokens if present. */
  readChunk?(data: unknown): { content: string; completionTokens?: number };
  /** From a whole JSON reply: output text (for estimation) and usage tokens if present. */
  readBody?(data: unknown): { content: string; completionTokens?: number };
}

export function usageTokens(data: unknown): number | undefined {
  const usage = (data as { usage?: { completion_tokens?: unknown } } | null)?.usage;
  return typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : undefined;
}
