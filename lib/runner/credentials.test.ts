import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFormSchema } from '../targets/schema';
import { credentialHeaders } from './config';
import { runToEnd } from '../../test/run-to-end';

describe('where the API key goes', () => {
  const seen: http.IncomingHttpHeaders[] = [];
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.end('{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is a bearer token by default, or the whole value of the header the target names (Portkey, Azure)', async () => {
    expect(credentialHeaders({ apiKey: 'k1' })).toEqual({ authorization: 'Bearer k1' });
    expect(credentialHeaders({ apiKey: 'k1', apiKeyHeader: 'X-Portkey-Api-Key' })).toEqual({ 'x-portkey-api-key': 'k1' });
    expect(credentialHeaders({ apiKeyHeader: 'api-key' })).toEqual({});

    await runToEnd({ target: { url, apiKey: 'pk-123', apiKeyHeader: 'x-portkey-api-key', headers: { 'x-portkey-provider': 'openai' } }, load: { model: 'closed', users: 1 }, requests: 2 });
    expect(seen.at(-1)).toMatchObject({ 'x-portkey-api-key': 'pk-123', 'x-portkey-provider': 'openai' });
    expect(seen.at(-1)!.authorization).toBeUndefined();
  });

  it('is never an extra header: credential-looking names are refused there, with where to put them', () => {
    const form = (headers: string, keyHeader = '') => targetFormSchema.safeParse({ name: 't', baseUrl: 'http://127.0.0.1:4000', apiFlavour: 'openai-chat', headers, keyHeader });
    for (const name of ['x-portkey-api-key', 'api-key', 'X-API-Key', 'Proxy-Authorization', 'cookie', 'x-auth-token', 'openai-secret']) {
      const parsed = form(`${name}: sk-123`);
      expect(parsed.success, name).toBe(false);
      expect(parsed.error!.issues[0].message).toMatch(/looks like a credential\. Put it under Secret headers \(encrypted, never shown\), or the key itself in the API key field/);
    }
    expect(form('x-portkey-provider: openai\nx-portkey-custom-host: http://127.0.0.1:8000').success).toBe(true);
    expect(form('', 'X-Portkey-Api-Key').data?.keyHeader).toBe('x-portkey-api-key');
    expect(form('', 'Authorization').data?.keyHeader).toBeNull();
    expect(form('', 'bad header').error?.issues[0].message).toBe('a header name, e.g. x-portkey-api-key (letters, digits and - only)');
    expect(form('', 'Host').error?.issues[0].message).toBe('that header is set by the runner');
  });
});
