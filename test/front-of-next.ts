/**
 * A server as the start script builds it, for the tests of the caches in front of Next.js: each
 * request goes to `front` first, and to the stand-in for Next (`next`) when the front does not
 * take it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
type Front = (req: http.IncomingMessage, res: http.ServerResponse, handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) => Promise<boolean>;

export async function frontOfNext(front: Front, next: Handler): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    front(req, res, (q, s) => void next(q, s)).then((served) => served || void next(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
