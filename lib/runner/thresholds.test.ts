/**
 * Thresholds: parsed as data, judged on the totals, able to stop a run; and the CLI's contract
 * with CI (k6's): exit 0 when every threshold held, 99 when one failed, 2 for a mistake, with a
 * Markdown summary and JUnit XML written where asked.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/server';
import { runToEnd } from '../../test/run-to-end';
import { thresholdLines } from '../runs/launch-fields';
import { evaluateThresholds, parseThreshold, thresholdSchema, thresholdValues } from './thresholds';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function mock(options: Parameters<typeof startMockServer>[0]) {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

describe('thresholds as data', () => {
  it('parses metric, comparison and number, and says what is wrong otherwise', () => {
    expect(parseThreshold('p95_ms<300')).toEqual({ metric: 'p95_ms', op: '<', value: 300 });
    expect(parseThreshold(' error_rate <= 0.01 ')).toEqual({ metric: 'error_rate', op: '<=', value: 0.01 });
    expect(parseThreshold('p95 < 300')).toEqual({ error: expect.stringMatching(/^unknown metric "p95": one of p50_ms, /) });
    expect(parseThreshold('p95_ms is fast')).toEqual({ error: '"p95_ms is fast" is not a threshold: write metric, comparison and number, e.g. p95_ms < 300' });
    expect(thresholdSchema.parse({ expression: 'rps>50' })).toEqual({ expression: 'rps > 50', abortOnFail: false, abortAfterMs: 10_000 });
    expect(thresholdLines('p95_ms < 300\n\nerror_rate < 0.01 abort after 20s\nrps > 5 abort')).toEqual({
      list: [
        { expression: 'p95_ms < 300', abortOnFail: false, abortAfterMs: undefined },
        { expression: 'error_rate < 0.01', abortOnFail: true, abortAfterMs: 20_000 },
        { expression: 'rps > 5', abortOnFail: true, abortAfterMs: undefined },
      ],
    });
  });

  it('judges each on the totals: a value on the wrong side fails, a value not measured fails', () => {
    const values = thresholdValues({ requests: 1000, failures: 5, rps: 120, latencyMs: { p50: 100, p90: 180, p95: 250, p99: 400, avg: 120, max: 900, count: 995 } as never });
    const results = evaluateThresholds(['p95_ms < 300', 'p99_ms < 300', 'error_rate < 0.01', 'rps > 50', 'ttft_p95_ms < 500'].map((expression) => thresholdSchema.parse({ expression })), values);
    expect(results.map((r) => [r.expression, r.passed, r.actual])).toEqual([
      ['p95_ms < 300', true, 250],
      ['p99_ms < 300', false, 400],
      ['error_rate < 0.01', true, 0.005],
      ['rps > 50', true, 120],
      ['ttft_p95_ms < 500', false, null],
    ]);
  });
});

describe('thresholds in a run', () => {
  it('records each verdict at the end; an abortable one that fails stops the run after its delay', async () => {
    const server = await mock({ latencyMs: 30 });
    const url = `${server.url}/v1/chat/completions`;
    const ended = await runToEnd({ target: { url }, load: { model: 'closed', users: 4 }, durationMs: 2000, thresholds: [{ expression: 'p95_ms < 1000' }, { expression: 'p95_ms < 10' }] });
    expect(ended.stage.thresholds!.results.map((t) => t.passed)).toEqual([true, false]);
    expect(ended.stage.thresholds!.aborted).toBe(false);
    expect(ended.stage.durationMs).toBeGreaterThan(1900);
    const started = performance.now();
    const aborted = await runToEnd({ target: { url }, load: { model: 'closed', users: 4 }, durationMs: 20_000, thresholds: [{ expression: 'p95_ms < 10', abortOnFail: true, abortAfterMs: 2000 }] });
    // Stopped at the 2-second mark, not after 20 s.
    expect(performance.now() - started).toBeLessThan(6000);
    expect(aborted.stage.thresholds!.aborted).toBe(true);
    expect(aborted.stage.stoppedEarly).toMatch(/^threshold p95_ms < 10 failed after 2 s \(3\d(\.\d+)?\), so the run was stopped \(abortOnFail\)$/);
  });
});

describe('the CLI in CI', () => {
  it('exits 0 when every threshold holds, 99 when one fails, 2 for a bad threshold; writes the Markdown summary and JUnit XML', async () => {
    const server = await mock({ latencyMs: 5 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ci-'));
    const base = ['--url', `${server.url}/v1/chat/completions`, '--concurrency', '2', '--duration', '1s', '--warmup', '0'];
    const pass = await cli([...base, '--threshold', 'p95_ms<1000', '--threshold', 'error_rate<0.01', '--summary-md', path.join(dir, 'pass.md'), '--junit', path.join(dir, 'pass.xml')]);
    expect(pass.status).toBe(0);
    expect(pass.stdout).toContain('✓ p95_ms < 1000');
    expect(fs.readFileSync(path.join(dir, 'pass.md'), 'utf8')).toContain('✅ **All 2 thresholds passed**');
    expect(fs.readFileSync(path.join(dir, 'pass.xml'), 'utf8')).toMatch(/<testsuites tests="2" failures="0"/);

    const fail = await cli([...base, '--threshold', 'p95_ms<1', '--summary-md', path.join(dir, 'fail.md'), '--junit', path.join(dir, 'fail.xml')]);
    expect(fail.status).toBe(99);
    expect(fail.stdout).toContain('✗ p95_ms < 1');
    expect(fs.readFileSync(path.join(dir, 'fail.md'), 'utf8')).toContain('❌ **1 of 1 thresholds failed**');
    expect(fs.readFileSync(path.join(dir, 'fail.xml'), 'utf8')).toMatch(/<testcase classname="[^"]+" name="[^"]*: p95_ms &lt; 1"><failure message="measured [\d.]+"\/><\/testcase>/);

    const bad = await cli([...base, '--threshold', 'p95<1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown metric "p95"');
  }, 60_000);
});
