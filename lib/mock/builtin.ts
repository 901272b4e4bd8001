/**
 * The built-in "Mock OpenAI" target: the mock server runs inside the app so a newcomer can
 * try everything with no gateway at hand. Its target row is refreshed at every start.
 */
import { ensureTarget } from '../targets/mutations';
import { startMockServer, type MockServer } from './server';

import { BUILTIN_MOCK_NAME } from './builtin-name';

export { BUILTIN_MOCK_NAME };

export async function startBuiltinMock(port: number): Promise<MockServer> {
  const server = await startMockServer({ port, latencyMs: 20, jitterMs: 2, ttftMs: 40, tokenDelayMs: 8, outputTokens: 32, overheadMs: 2 });
  await ensureTarget({ name: BUILTIN_MOCK_NAME, baseUrl: server.url, apiFlavour: 'openai-chat', defaultModel: 'mock-gpt', headers: {}, keyHeader: null, overheadHeader: null, upstreamId: null });
  return server;
}
