/**
 * Experiments end to end through the one launch path and the run manager, against real
 * PostgreSQL and two mock servers: what is stored is what the pages and exports read.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '../db/client';
import { startMockServer, type MockServer } from '../mock/server';
import { useAppDatabase } from '../../test/app-database';
import type { TestDatabase } from '../../test/database';
import { launchFromFields } from '../runs/launch';
import { RunManager } from '../runs/manager';
import { registerRunManager } from '../runs/registry';
import { experimentCsv, experimentExport } from './export';
import { getExperiment, listExperiments } from './queries';

describe('experiments', () => {
  let db: TestDatabase;
  let manager: RunManager;
  const mocks: MockServer[] = [];
  let fast: string;
  let slow: string;
  beforeAll(async () => {
    db = await useAppDatabase(inject('databaseUrl'));
    manager = new RunManager(getPrisma());
    registerRunManager(manager);
    const direct = await startMockServer({ port: 0, latencyMs: 10 });
    const gateway = await startMockServer({ port: 0, latencyMs: 25, overheadMs: 4 });
    mocks.push(direct, gateway);
    fast = (await getPrisma().target.create({ data: { name: 'model server', baseUrl: direct.url } })).id;
    slow = (await getPrisma().target.create({ data: { name: 'gateway 2.0', baseUrl: gateway.url, upstreamId: fast } })).id;
  });
  afterAll(async () => {
    await manager.shutdown();
    await Promise.all(mocks.map((m) => m.close()));
    await db.drop();
  });

  it('an overhead run needs the target to name its upstream', async () => {
    const result = await launchFromFields({ targetId: fast, experiment: 'overhead', duration: '1s', warmup: '0' }, null);
    expect(result).toEqual({ ok: false, errors: { experiment: '"model server" names no upstream: edit the target and choose the model server it forwards to' } });
  });

  it('an overhead run: two runs (gateway and direct) and the added latency with intervals, beside the self-reported figure', async () => {
    const result = await launchFromFields({ targetId: slow, experiment: 'overhead', users: '4', duration: '3s', warmup: '0', gatewayName: 'Gateway', gatewayVersion: '2.0' }, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.runIds).toHaveLength(2);
    await manager.settled(result.experimentId!);
    const experiment = (await getExperiment(result.experimentId!))!;
    expect(experiment.status).toBe('completed');
    expect(experiment.runs.map((r) => [r.experimentArm, r.status])).toEqual([[0, 'completed'], [1, 'completed']]);
    const r = experiment.result!;
    if (r.kind !== 'overhead') throw new Error('not an overhead result');
    expect(r.gateway).toBe('Gateway 2.0');
    expect(r.upstream).toBe('model server');
    const p50 = r.latency!.quantiles[0];
    // 25 ms vs 10 ms: 15 ms added, both quantiles as the arm runs report them.
    expect(p50.difference).toBeGreaterThan(13);
    expect(p50.difference).toBeLessThan(18);
    expect(Math.abs(p50.gateway - experiment.runs[0].latencyP50Ms!)).toBeLessThan(0.5);
    expect(Math.abs(p50.direct - experiment.runs[1].latencyP50Ms!)).toBeLessThan(0.5);
    expect(r.selfReported!.header).toBe('x-litellm-overhead-duration-ms');
    expect(r.selfReported!.p50).toBeCloseTo(4, 1);
    // Little's law: 4 users ÷ ~25 ms vs ÷ ~10 ms.
    expect(r.throughput!.method).toBe('littles-law');
    expect(r.throughput!.lostShare).toBeGreaterThan(0.5);
    expect(r.summary).toMatch(/^Gateway 2\.0 adds 1\d(\.\d)? ms at p50 \[/);
    expect(experimentCsv((await experimentExport(experiment.id))!)).toContain('quantile,Gateway 2.0 ms,model server ms,added ms');
  });

  it('an A/B experiment: rounds in a shuffled order, per-arm means over rounds, a verdict, an A/A noise floor', async () => {
    const result = await launchFromFields(
      { targetId: fast, experiment: 'ab', compareWith: slow, rounds: '3', aaArm: 'on', users: '2', duration: '1s', warmup: '0', experimentTitle: 'fast vs slow' },
      null,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.runIds).toHaveLength(9);
    await manager.settled(result.experimentId!);
    const experiment = (await getExperiment(result.experimentId!))!;
    expect(experiment.status).toBe('completed');
    const r = experiment.result!;
    if (r.kind !== 'ab') throw new Error('not an A/B result');
    expect(r.arms.map((a) => [a.name, a.aa])).toEqual([['model server', false], ['gateway 2.0', false], ['model server (again)', true]]);
    expect(r.completeRounds).toBe(3);
    const p50 = r.metrics.find((m) => m.key === 'latencyP50Ms')!;
    // The arm means are the means of the arm's own runs.
    const armRuns = experiment.runs.filter((run) => run.experimentArm === 1).map((run) => run.latencyP50Ms!);
    expect(p50.arms[1].interval!.mean).toBeCloseTo(armRuns.reduce((a, b) => a + b, 0) / 3, 6);
    expect(p50.differences[0].verdict).toBe('worse');
    expect(p50.differences[0].difference).toBeGreaterThan(12);
    expect(p50.noise!.verdict).toBe('same');
    expect(r.summary).toMatch(/^gateway 2\.0 vs model server: p50 \+1\d(\.\d+)? ms \(\+1\d\d%\), worse/);
    // Runs went in rounds: every arm once per round.
    for (let round = 0; round < 3; round++) expect(experiment.runs.filter((run) => run.experimentRound === round).map((run) => run.experimentArm).sort()).toEqual([0, 1, 2]);
    const list = await listExperiments();
    expect(list[0]).toMatchObject({ id: experiment.id, name: 'fast vs slow', kind: 'ab', runs: 9, summary: r.summary });
    const csv = experimentCsv((await experimentExport(experiment.id))!);
    expect(csv.split('\n')[0]).toContain('gateway 2.0 vs model server change');
    expect(csv.split('\n')[0]).toContain('noise floor (A/A) verdict');
  });

  it('refuses an A/B experiment without a second target, or rounds beyond the limit', async () => {
    expect(await launchFromFields({ targetId: fast, experiment: 'ab', duration: '1s' }, null)).toMatchObject({ ok: false, errors: { compareWith: 'tick at least one other target to compare with' } });
    expect(await launchFromFields({ targetId: fast, experiment: 'ab', compareWith: slow, rounds: '50', duration: '1s' }, null)).toMatchObject({ ok: false, errors: { rounds: 'rounds must be a whole number from 1 to 20' } });
  });
});
