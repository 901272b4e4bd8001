// `npm run mock -- --port 8100 ...`: the mock OpenAI server (see README, "Mock OpenAI server").
import './require-node'; // first: refuses an old Node.js before anything else loads
import { parseArgs } from 'node:util';
import { fieldErrors } from '../lib/runner/config';
import { mockFaults, mockOptionsSchema, startMockServer } from '../lib/mock/server';

const { values } = parseArgs({
  strict: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    ttft: { type: 'string' },
    'token-delay': { type: 'string' },
    'output-tokens': { type: 'string' },
    'error-rate': { type: 'string' },
    'rate-limit-rpm': { type: 'string' },
    overhead: { type: 'string' },
    'overhead-header': { type: 'string' },
    fault: { type: 'string' },
    'max-concurrent': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(`Usage: npm run mock -- [--port 8100] [--latency MS] [--jitter MS] [--ttft MS] [--token-delay MS]
  [--output-tokens N] [--error-rate 0..1] [--rate-limit-rpm N] [--overhead MS] [--overhead-header NAME]
  [--fault ${mockFaults.join('|')}] [--max-concurrent N (workers; beyond, requests queue)]`);
  process.exit(0);
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const parsed = mockOptionsSchema.safeParse({
  port: num(values.port),
  host: values.host,
  latencyMs: num(values.latency),
  jitterMs: num(values.jitter),
  ttftMs: num(values.ttft),
  tokenDelayMs: num(values['token-delay']),
  outputTokens: num(values['output-tokens']),
  errorRate: num(values['error-rate']),
  rateLimitRpm: num(values['rate-limit-rpm']),
  overheadMs: num(values.overhead),
  overheadHeader: values['overhead-header'],
  fault: values.fault,
  maxConcurrent: num(values['max-concurrent']),
});
if (!parsed.success) {
  for (const [field, message] of Object.entries(fieldErrors(parsed.error))) console.error(`✖ ${field}: ${message}`);
  process.exit(2);
}

startMockServer(parsed.data).then(
  (server) => {
    console.log(`Mock OpenAI server on ${server.url} (chat: ${server.url}/v1/chat/completions)`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `✖ Port ${parsed.data.port} is already in use: pass --port with a free one.` : `✖ ${error.message}`);
    process.exit(1);
  },
);
