/**
 * A benchmark run due on its schedule (the job queue's `benchmark-run` handler). The queue files
 * one job per cron slot however many processes run its clock; the run records its job's id
 * (unique), so a job run again after a crash starts no second run. A run the server refuses
 * (target down, server full) is written on the benchmark for people to see, and not retried:
 * the next slot is the next chance.
 */
import 'server-only';
import { getPrisma } from '../db/client';
import { launchBenchmark } from '../runs/launch';
import { formatDateTime } from '../format';

export async function runScheduledBenchmark(job: { id: string; benchmarkId: string }): Promise<void> {
  const prisma = getPrisma();
  if (await prisma.run.findUnique({ where: { scheduleJobId: job.id }, select: { id: true } })) return;
  const benchmark = await prisma.benchmark.findUnique({ where: { id: job.benchmarkId }, select: { id: true } });
  if (!benchmark) return;
  const result = await launchBenchmark(job.benchmarkId, { startedBy: null, scheduleJobId: job.id });
  const scheduleError = result.ok ? null : `${formatDateTime(new Date())}: ${result.error}`;
  await prisma.benchmark.update({ where: { id: job.benchmarkId }, data: { scheduleError } });
}
