import type { RunConfig } from '../config';
import { openaiChat, openaiCompletions, openaiEmbeddings } from './openai';
import type { Protocol } from './protocol';
import { rawHttp } from './raw-http';

export type { Protocol } from './protocol';

export function protocolFor(config: RunConfig): Protocol {
  const options = { stream: config.stream, maxTokens: config.maxTokens, model: config.target.model };
  switch (config.target.flavour) {
    case 'openai-chat':
      return openaiChat(options);
    case 'openai-completions':
      return openaiCompletions(options);
    case 'openai-embeddings':
      return openaiEmbeddings(options);
    case 'raw-http':
      return rawHttp(config.target);
  }
}
