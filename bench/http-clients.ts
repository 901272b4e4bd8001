// `npm run bench:http-clients`: which HTTP/1.1 client should the load engine use on this
// Node? The same closed loop (N connections, each sending the next request as soon as its
// reply ends) through the engine's own connections (lib/runner/http/connection.ts), undici's
// Pool.dispatch (its lowest-overhead API) and node:http with a keep-alive Agent, one after
// another in this process, with autocannon as the reference, against bench/fast-server.mjs.
// Every client sends what a run sends: a POST of a chat-completions body with its headers.
import '../scripts/require-node';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Pool, type Dispatcher } from 'undici';
import { parseDuration } from '../lib/runner/config';
import { ConnectionPool, originOf, serializeRequest, type ReplySink } from '../lib/runner/http/connection';
import { startFastServer } from './fast-target';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5s' },
  },
});
const connections = Number(values.connections);
const durationMs = parseDuration(values.duration!)!;

const path = '/v1/chat/completions';
const body = JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'Say hello in one short sentence, please.' }], max_tokens: 64 });
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench-0123456789abcdef' };

interface Tally {
  replies: number;
  errors: number;
}

/** Requests/s of `connections` closed loops until the deadline; `send` sends one request and calls next() when its reply ended. */
function closedLoop(send: (tally: Tally, next: () => void) => void): Promise<number> {
  const tally: Tally = { replies: 0, errors: 0 };
  const deadline = performance.now() + durationMs;
  return new Promise((resolve, reject) => {
    let running = connections;
    const loop = () => {
      if (performance.now() >= deadline) {
        if (--running > 0) return;
        if (tally.errors > 0) reject(new Error(`${tally.errors} requests failed: the figure would not be comparable`));
        else resolve((tally.replies / durationMs) * 1000);
        return;
      }
      send(tally, loop);
    };
    for (let i = 0; i < connections; i++) loop();
  });
}

async function engineConnections(url: string): Promise<number> {
  const origin = originOf(new URL(url));
  const pool = new ConnectionPool(origin, connections);
  const request = serializeRequest(origin, 'POST', path, headers, body);
  const rps = await closedLoop((tally, next) => {
    const sink: ReplySink = {
      intendedAt: performance.now(),
      onConnect: () => undefined,
      onHeaders: () => true,
      onData: () => true,
      onComplete: () => {
        tally.replies++;
        next();
      },
      onError: () => {
        tally.errors++;
        next();
      },
    };
    pool.send(request, sink);
  });
  pool.close();
  return rps;
}

async function undiciDispatch(url: string): Promise<number> {
  const pool = new Pool(url, { connections, pipelining: 1 });
  const rps = await closedLoop((tally, next) => {
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: () => undefined,
      onResponseStart: () => undefined,
      onResponseData: () => undefined,
      onResponseEnd: () => {
        tally.replies++;
        next();
      },
      onResponseError: () => {
        tally.errors++;
        next();
      },
    };
    pool.dispatch({ origin: url, path, method: 'POST', headers, body }, handler);
  });
  await pool.close();
  return rps;
}

async function nodeHttp(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const rps = await closedLoop((tally, next) => {
    http
      .request(new URL(path, url), { method: 'POST', headers, agent }, (response) => {
        response.on('data', () => undefined);
        response.on('end', () => {
          tally.replies++;
          next();
        });
      })
      .on('error', () => {
        tally.errors++;
        next();
      })
      .end(body);
  });
  agent.destroy();
  return rps;
}

function autocannon(url: string): number {
  const flags = ['-m', 'POST', '-b', body, ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`])];
  const out = execFileSync(process.execPath, [require.resolve('autocannon/autocannon.js'), '-c', String(connections), '-d', String(Math.round(durationMs / 1000)), ...flags, '--json', new URL(path, url).href], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const result = JSON.parse(out);
  return result.requests.total / result.duration;
}

async function main() {
  const server = await startFastServer();
  const clients: Record<string, (url: string) => Promise<number> | number> = {
    'engine connections': engineConnections,
    'undici 8 Pool.dispatch': undiciDispatch,
    'node:http keep-alive': nodeHttp,
    autocannon,
  };
  try {
    console.log(`Node ${process.version}; ${server.url}; ${connections} connections, ${durationMs / 1000}s each, one client at a time.\n`);
    for (const name in clients) await clients[name](server.url); // warm-up: JIT on both sides
    const best: Record<string, number> = {};
    for (let round = 1; round <= Number(values.rounds); round++) {
      const line: string[] = [];
      for (const [name, run] of Object.entries(clients)) {
        const rps = await run(server.url);
        best[name] = Math.max(best[name] ?? 0, rps);
        line.push(`${name} ${rps.toFixed(0)}`);
      }
      console.log(`round ${round}: ${line.join(', ')} req/s`);
    }
    console.log(`\nBest of ${values.rounds} round(s), and the ratio to autocannon:`);
    for (const [name, rps] of Object.entries(best)) {
      console.log(`${name.padEnd(24)} ${rps.toFixed(0).padStart(7)} req/s   ${(rps / best.autocannon).toFixed(2)}×`);
    }
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
