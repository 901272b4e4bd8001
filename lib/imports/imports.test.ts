/**
 * Each format read from its fixture (lib/imports/fixtures: real Locust output, the others from
 * their tools' documented formats) and compared with the figures in the file itself; then
 * written into history and read back; bad files are refused and write nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { relaunch } from '../runs/launch';
import { parseStoredReport } from '../runs/stored';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { importFiles, ImportError } from './index';
import { saveImportedRuns } from './store';
import { importUpload } from './upload';

const dir = path.join(__dirname, 'fixtures');
const file = (name: string) => ({ name: path.basename(name), text: fs.readFileSync(path.join(dir, name), 'utf8') });
const csv = (name: string) => parse(file(name).text, { columns: true }) as Record<string, string>[];

describe('reading other tools’ results', () => {
  it('Locust --csv: totals and percentiles from the Aggregated row, one point per history second', () => {
    const [run] = importFiles([file('locust/steady/run_stats.csv'), file('locust/steady/run_stats_history.csv')]);
    const row = csv('locust/steady/run_stats.csv').find((r) => r.Name === 'Aggregated')!;
    expect(run.tool).toBe('locust');
    expect(run.requests).toBe(Number(row['Request Count']));
    expect(run.failures).toBe(Number(row['Failure Count']));
    expect(run.latencyMs).toEqual({ p50: Number(row['50%']), p90: Number(row['90%']), p95: Number(row['95%']), p99: Number(row['99%']), avg: expect.closeTo(Number(row['Average Response Time']), 3), max: expect.closeTo(Number(row['Max Response Time']), 3) });
    expect(run.rps).toBeCloseTo(Number(row['Requests/s']) - Number(row['Failures/s']), 3);
    const history = csv('locust/steady/run_stats_history.csv').filter((r) => r.Name === 'Aggregated' && Number(r['User Count']) > 0);
    expect(run.points!.length).toBeGreaterThan(5);
    // Every request of the history is in exactly one second.
    expect(run.points!.reduce((n, p) => n + p.requests, 0)).toBe(Number(history.at(-1)!['Total Request Count']));
    expect(run.stageLabel).toBe('10 users');
    expect(run.startedAt!.getTime()).toBe(Number(history[0].Timestamp) * 1000);
    expect(run.points![0].p50Ms === null || run.points![0].p50Ms > 0).toBe(true);
    expect(run.notes.join(' ')).toMatch(/approximate/);
    expect(run.missing.join(' ')).toMatch(/time to first token/);
  });

  it('Locust with failures: failures by kind from failures.csv, and a history with no rows is said to be missing', () => {
    const [run] = importFiles(['run_stats.csv', 'run_stats_history.csv', 'run_failures.csv'].map((n) => file(`locust/failures/${n}`)));
    const failures = csv('locust/failures/run_failures.csv');
    expect(run.failures).toBe(Number(csv('locust/failures/run_stats.csv').find((r) => r.Name === 'Aggregated')!['Failure Count']));
    expect(run.errors).toEqual({ http_404: { count: Number(failures[0].Occurrences), sample: expect.stringContaining('404 Client Error') } });
    expect(run.points).toBeUndefined();
    expect(run.missing.join(' ')).toMatch(/per-second series: run_stats_history.csv has no rows after the start/);
  });

  it('k6 --summary-export: requests, failures and the percentiles it has; p99 is missing and said so', () => {
    const [run] = importFiles([file('k6/summary-export.json')]);
    expect(run).toMatchObject({ tool: 'k6', requests: 5900, failures: 59, stageLabel: '50 VUs', latencyMs: { p50: 238.442, p90: 281.99, p95: 309.332, avg: 245.188, max: 802.115 } });
    expect(run.latencyMs.p99).toBeUndefined();
    expect(run.durationMs).toBe(Math.round((5900 / 196.61903) * 1000));
    expect(run.rps).toBeCloseTo((5841 / 5900) * 196.61903, 2);
    expect(run.missing[0]).toMatch(/p99/);
  });

  it('k6 JSON lines: exact percentiles of the successful requests and a per-second series', () => {
    const [run] = importFiles([file('k6/out.json')]);
    const samples = file('k6/out.json').text.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'Point' && l.metric === 'http_req_duration');
    const ok = samples.filter((s) => s.data.tags.expected_response === 'true').map((s) => s.data.value as number).sort((a, b) => a - b);
    const nearestRank = (p: number) => ok[Math.ceil((p / 100) * ok.length) - 1];
    expect(run.requests).toBe(samples.length);
    expect(run.failures).toBe(samples.length - ok.length);
    // HDR histograms keep 3 significant digits: within 0.1%.
    for (const p of [50, 90, 95, 99] as const) expect(Math.abs(run.latencyMs[`p${p}`]! - nearestRank(p)) / nearestRank(p)).toBeLessThan(0.001);
    expect(run.latencyMs.avg).toBeCloseTo(ok.reduce((a, b) => a + b, 0) / ok.length, 1);
    expect(run.points!.map((p) => p.requests)).toEqual([40, 41, 42, 43, 44]);
    expect(run.points!.map((p) => p.failures)).toEqual([2, 2, 2, 2, 2]);
    expect(run.targetName).toBe('gateway.staging.internal:4000');
    expect(run.stageLabel).toBe('10 VUs');
    expect(run.errors).toEqual({ http_502: { count: 10, sample: expect.stringContaining('502') } });
    expect(run.latencyHistogram).toBeTruthy();
  });

  it('vLLM benchmark_serving: E2EL is the latency, TTFT/TPOT/ITL keep their meaning, failures are the prompts not completed', () => {
    const json = JSON.parse(file('vllm/openai-chat-4.0qps-Llama-3.1-8B-Instruct.json').text);
    const [run] = importFiles([file('vllm/openai-chat-4.0qps-Llama-3.1-8B-Instruct.json')]);
    expect(run).toMatchObject({ tool: 'vllm', requests: json.num_prompts, failures: json.num_prompts - json.completed, durationMs: Math.round(json.duration * 1000), outputTokens: json.total_output_tokens, stageLabel: '4 req/s, ≤ 32 in flight' });
    expect(run.rps).toBeCloseTo(json.request_throughput, 3);
    expect(run.latencyMs).toEqual({ avg: json.mean_e2el_ms, p50: json.median_e2el_ms, p90: json.p90_e2el_ms, p95: json.p95_e2el_ms, p99: json.p99_e2el_ms });
    expect(run.ttftMs).toEqual({ avg: json.mean_ttft_ms, p50: json.median_ttft_ms, p90: json.p90_ttft_ms, p95: json.p95_ttft_ms, p99: json.p99_ttft_ms });
    expect(run.tpotMs!.p99).toBe(json.p99_tpot_ms);
    expect(run.itlMs!.p99).toBe(json.p99_itl_ms);
    expect(run.startedAt!.toISOString()).toBe('2026-11-30T22:15:30.000Z');
    // Without e2el asked for, latency is missing and the note says how to get it.
    const withoutE2el = Object.fromEntries(Object.entries(json).filter(([k]) => !k.includes('e2el')));
    const [partial] = importFiles([{ name: 'r.json', text: JSON.stringify(withoutE2el) }]);
    expect(partial.latencyMs).toEqual({});
    expect(partial.missing.join(' ')).toMatch(/--percentile-metrics ttft,tpot,itl,e2el/);
  });

  it('GuideLLM: one run per benchmark; its ITL is TPOT here; latency in seconds becomes ms', () => {
    const report = JSON.parse(file('guidellm/benchmarks.json').text);
    const runs = importFiles([file('guidellm/benchmarks.json')]);
    expect(runs).toHaveLength(2);
    const [first] = runs;
    const m = report.benchmarks[0].metrics;
    expect(first).toMatchObject({ tool: 'guidellm', requests: 121, failures: 3, stageLabel: '4 users', targetName: 'gateway.staging.internal:4000', durationMs: 60_000 });
    expect(first.latencyMs.p95).toBeCloseTo(m.request_latency.successful.percentiles.p95 * 1000, 3);
    expect(first.latencyMs.avg).toBeCloseTo(m.request_latency.successful.mean * 1000, 3);
    expect(first.ttftMs!.p99).toBe(m.time_to_first_token_ms.successful.percentiles.p99);
    expect(first.tpotMs!.p50).toBe(m.inter_token_latency_ms.successful.percentiles.p50);
    expect(first.itlMs).toBeUndefined();
    expect(first.rps).toBeCloseTo(m.requests_per_second.successful.mean, 3);
    expect(runs[1].stageLabel).toBe('8 users');
  });

  it('refuses what it cannot read, saying what was expected', () => {
    const refused = (files: { name: string; text: string }[]) => {
      try {
        importFiles(files);
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused([{ name: 'x.json', text: '{"hello": 1}' }])).toMatch(/not from a tool this app reads: expected Locust --csv files/);
    expect(refused([{ name: 'x.txt', text: 'just text' }])).toMatch(/neither CSV from Locust nor JSON/);
    expect(refused([file('locust/steady/run_stats_history.csv')])).toMatch(/the \*_stats.csv file is needed/);
    expect(refused([file('locust/steady/run_stats.csv'), file('k6/summary-export.json')])).toMatch(/one tool's output at a time/);
    expect(refused([{ name: 'run_stats.csv', text: 'Type,Name,Request Count,Failure Count\nPOST,/x,10,2\n' }])).toMatch(/no "Aggregated" row/);
    expect(refused([{ name: 'out.json', text: '{"type":"Point","data":{"time":"2026-12-01T00:00:00Z","value":1},"metric":"vus"}\nnot json' }])).toMatch(/line 2 is not JSON/);
    expect(refused([{ name: 'r.json', text: JSON.stringify({ completed: 1, duration: 'soon', request_throughput: 1 }) }])).toMatch(/"completed" and "duration" must be numbers/);
  });
});

describe('imports into history', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
  });
  afterAll(async () => db.drop());

  it('each format becomes completed runs labelled with the tool, whose figures match the file', async () => {
    const prisma = getPrisma();
    const locust = importFiles([file('locust/steady/run_stats.csv'), file('locust/steady/run_stats_history.csv')]);
    const [locustId] = await saveImportedRuns(prisma, locust, { gatewayName: 'LiteLLM', gatewayVersion: '1.80.0', tags: ['nightly'] }, null);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: locustId }, include: { points: true } });
    expect(run).toMatchObject({ status: 'completed', importedFrom: 'locust', requests: locust[0].requests, failures: 0, latencyP95Ms: locust[0].latencyMs.p95, gatewayVersion: '1.80.0', tags: ['nightly'], stageLabel: '10 users' });
    expect(run.points).toHaveLength(locust[0].points!.length);
    const report = parseStoredReport(run.report)!;
    expect(report.imported).toMatchObject({ tool: 'locust', files: ['run_stats.csv', 'run_stats_history.csv'] });
    expect(report.imported!.missing.join(' ')).toMatch(/time to first token/);
    expect(report.latencyMs).toMatchObject({ p50: locust[0].latencyMs.p50, p99: locust[0].latencyMs.p99 });

    // Its load was Locust's: "Run again" refuses, saying so.
    expect(await relaunch(locustId, null)).toEqual({ ok: false, error: expect.stringMatching(/^This run was imported from Locust: its load was that tool's/) });

    const [k6Id] = await saveImportedRuns(prisma, importFiles([file('k6/out.json')]), { tags: [] }, null);
    expect(await prisma.runHistogram.count({ where: { runId: k6Id, metric: 'latency' } })).toBe(1);
    expect(await prisma.runPoint.count({ where: { runId: k6Id } })).toBe(5);

    const vllm = importFiles([file('vllm/openai-chat-4.0qps-Llama-3.1-8B-Instruct.json')]);
    const [vllmId] = await saveImportedRuns(prisma, vllm, { tags: [] }, null);
    const vllmRun = await prisma.run.findUniqueOrThrow({ where: { id: vllmId } });
    expect(vllmRun).toMatchObject({ ttftP95Ms: 152.9, latencyP99Ms: 3902.75, outputTokensPerSec: expect.closeTo(487.454, 2) });
    // vLLM has no max: the report's full distributions are absent, the partial ones kept as reported.
    const vllmReport = parseStoredReport(vllmRun.report)!;
    expect(vllmReport.ttftMs).toBeUndefined();
    expect(vllmReport.imported!.distributions.tpotMs).toMatchObject({ p99: 28.92 });

    const guidellm = await saveImportedRuns(prisma, importFiles([file('guidellm/benchmarks.json')]), { targetName: 'staging gateway', tags: [] }, null);
    expect(guidellm).toHaveLength(2);
    expect((await prisma.run.findMany({ where: { id: { in: guidellm } }, orderBy: { startedAt: 'asc' } })).map((r) => [r.targetName, r.requests, r.stageLabel])).toEqual([
      ['staging gateway', 121, '4 users'],
      ['staging gateway', 222, '8 users'],
    ]);
  });

  it('an upload that fails writes nothing; a good one answers with its runs', async () => {
    const prisma = getPrisma();
    const before = await prisma.run.count();
    const form = (parts: [string, string | Blob, string?][]) => {
      const f = new FormData();
      for (const [name, value, fileName] of parts) if (typeof value === 'string') f.append(name, value); else f.append(name, value, fileName);
      return f;
    };
    const bad = await importUpload(form([['files', new Blob(['{"nope": true}']), 'nope.json']]), null);
    expect(bad).toMatchObject({ ok: false, status: 422, error: expect.stringMatching(/nope.json is JSON, but not from a tool this app reads/) });
    const badLabel = await importUpload(form([['files', new Blob([file('k6/summary-export.json').text]), 'summary.json'], ['instanceCount', 'lots']]), null);
    expect(badLabel).toMatchObject({ ok: false, status: 422, fields: { instanceCount: expect.stringMatching(/whole number/) } });
    const none = await importUpload(form([['gatewayName', 'x']]), null);
    expect(none).toMatchObject({ ok: false, status: 400 });
    expect(await prisma.run.count()).toBe(before);
    const good = await importUpload(form([['files', new Blob([file('k6/summary-export.json').text]), 'summary.json'], ['gatewayName', 'Portkey'], ['instanceCount', '2']]), null);
    expect(good).toMatchObject({ ok: true, tool: 'k6', runIds: [expect.any(String)] });
    expect(await prisma.run.findUniqueOrThrow({ where: { id: (good as { runIds: string[] }).runIds[0] } })).toMatchObject({ gatewayName: 'Portkey', instanceCount: 2, requests: 5900, importedFrom: 'k6' });
  });
});
