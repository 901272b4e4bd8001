import { describe, expect, it } from 'vitest';
import { endpointUrl } from './endpoint';

describe('endpointUrl', () => {
  it.each([
    ['http://127.0.0.1:4000', 'openai-chat', 'http://127.0.0.1:4000/v1/chat/completions'],
    ['http://127.0.0.1:4000/', 'openai-chat', 'http://127.0.0.1:4000/v1/chat/completions'],
    ['http://127.0.0.1:4000/v1', 'openai-completions', 'http://127.0.0.1:4000/v1/completions'],
    ['http://127.0.0.1:4000/v1/embeddings', 'openai-embeddings', 'http://127.0.0.1:4000/v1/embeddings'],
    ['http://gw.local/proxy/v1/', 'openai-chat', 'http://gw.local/proxy/v1/chat/completions'],
    ['http://127.0.0.1:8080/health?x=1', 'raw-http', 'http://127.0.0.1:8080/health?x=1'],
  ] as const)('%s as %s → %s', (base, flavour, expected) => expect(endpointUrl(base, flavour)).toBe(expected));
});
