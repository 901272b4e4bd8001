/**
 * Writes to benchmarks. A benchmark is saved from a run (its target, config and labels) and that
 * run becomes its first point; its schedule lives in the row (what people read) and in the job
 * queue (what fires), kept in step here and at start (`syncSchedules`).
 */
import { z } from 'zod';
import { getPrisma } from '../db/client';
import { Prisma } from '../db/generated/client';
import { findJobQueue, type JobQueue } from '../jobs/queue';
import { labelsOfRun } from '../runs/labels';
import { jsonColumn } from '../runs/stored';
import { scheduleSchema } from './schedule';

type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

const nameSchema = z.string({ error: 'give the benchmark a name' }).trim().min(1, 'give the benchmark a name').max(120, 'a name is at most 120 characters');
const runIdSchema = z.string().trim().min(1).max(16);

export const createBenchmarkSchema = z.object({ runId: runIdSchema, name: nameSchema });

/** Saves a run's target, load and labels as a benchmark; the run is its first point. */
export async function createBenchmarkFromRun(input: unknown, createdById: string | null): Promise<Result<{ id: string }>> {
  const parsed = createBenchmarkSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id: parsed.data.runId } });
  if (!run) return { ok: false, error: 'that run no longer exists' };
  if (!run.targetId) return { ok: false, error: 'the run\'s target was deleted, so there is nothing to run again' };
  if (run.sweepId) return { ok: false, error: 'a benchmark is one load: save one stage\'s run of a sweep, not the sweep' };
  if (run.experimentId) return { ok: false, error: 'a benchmark is one target and one load: save a plain run, not an experiment\'s arm' };
  if (run.benchmarkId) return { ok: false, error: 'this run is already a point of a benchmark' };
  try {
    const benchmark = await prisma.$transaction(async (tx) => {
      const created = await tx.benchmark.create({
        data: { name: parsed.data.name, targetId: run.targetId, config: run.config ?? {}, labels: jsonColumn(labelsOfRun(run)), createdById },
        select: { id: true },
      });
      await tx.run.update({ where: { id: run.id }, data: { benchmarkId: created.id } });
      return created;
    });
    return { ok: true, id: benchmark.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { ok: false, error: `a benchmark named "${parsed.data.name}" exists already; choose another name` };
    throw error;
  }
}

/** Pins (or, with null, unpins) the run the trend is read against; it must be one of the benchmark's. */
export async function setBaseline(benchmarkId: string, runId: string | null): Promise<Result> {
  const prisma = getPrisma();
  if (runId) {
    const run = await prisma.run.findUnique({ where: { id: runId }, select: { benchmarkId: true, status: true } });
    if (!run || run.benchmarkId !== benchmarkId) return { ok: false, error: 'that run is not a run of this benchmark' };
    if (run.status !== 'completed') return { ok: false, error: 'only a completed run can be the baseline' };
  }
  const { count } = await prisma.benchmark.updateMany({ where: { id: benchmarkId }, data: { baselineRunId: runId } });
  return count ? { ok: true } : { ok: false, error: 'that benchmark no longer exists' };
}

/** Sets (or, with an empty text, clears) the cron schedule, in the row and in the job queue. */
export async function setSchedule(benchmarkId: string, input: unknown): Promise<Result<{ schedule: string | null }>> {
  const parsed = scheduleSchema.safeParse(input ?? '');
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const queue = findJobQueue();
  if (!queue) return { ok: false, error: 'the job queue is not running in this process, so schedules cannot be changed; start the app with `npm start`' };
  const prisma = getPrisma();
  const benchmark = await prisma.benchmark.findUnique({ where: { id: benchmarkId }, select: { config: true } });
  if (!benchmark) return { ok: false, error: 'that benchmark no longer exists' };
  await prisma.benchmark.update({ where: { id: benchmarkId }, data: { schedule: parsed.data } });
  if (parsed.data) await queue.schedule(benchmarkId, parsed.data);
  else await queue.unschedule(benchmarkId);
  return { ok: true, schedule: parsed.data };
}

export async function deleteBenchmark(benchmarkId: string): Promise<Result> {
  await findJobQueue()?.unschedule(benchmarkId);
  const { count } = await getPrisma().benchmark.deleteMany({ where: { id: benchmarkId } });
  return count ? { ok: true } : { ok: false, error: 'that benchmark no longer exists' };
}

/** At start: the queue's schedules made to match the rows (a row is what a person set). */
export async function syncSchedules(queue: JobQueue): Promise<{ scheduled: number; removed: number }> {
  const rows = await getPrisma().benchmark.findMany({ where: { schedule: { not: null } }, select: { id: true, schedule: true } });
  const inQueue = new Map((await queue.scheduled()).map((s) => [s.benchmarkId, s.cron]));
  let scheduled = 0;
  for (const row of rows) {
    if (inQueue.get(row.id) !== row.schedule) {
      await queue.schedule(row.id, row.schedule!);
      scheduled++;
    }
    inQueue.delete(row.id);
  }
  for (const benchmarkId of inQueue.keys()) await queue.unschedule(benchmarkId);
  return { scheduled, removed: inQueue.size };
}
