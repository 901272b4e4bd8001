'use server';
/** Benchmarks: save one from a run, run it, pin its baseline, schedule it, delete it. */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createBenchmarkFromRun, deleteBenchmark, setBaseline, setSchedule } from '../benchmarks/mutations';
import { launchBenchmark } from '../runs/launch';
import { asRunId } from '../runs/run-id';
import { formAction, stateAction } from './action';

const benchmarkIdOf = (formData: FormData) => asRunId(formData.get('id'));
const benchmarkPage = (formData: FormData) => {
  const id = benchmarkIdOf(formData);
  return id ? `/benchmarks/${id}` : '/benchmarks';
};

export const saveAsBenchmark = stateAction({ role: 'operator', doing: 'save benchmarks' }, async ({ values, principal }) => {
  const result = await createBenchmarkFromRun({ runId: values.runId, name: values.name }, principal.id);
  if (!result.ok) return { errors: { name: result.error }, values };
  redirect(`/benchmarks/${result.id}`);
});

/** Runs the benchmark now; the version typed (e.g. after an upgrade) labels the run. */
export const runBenchmark = stateAction({ role: 'operator', doing: 'start runs' }, async ({ values, principal }) => {
  const id = asRunId(values.id);
  if (!id) return { message: 'This benchmark no longer exists; reload the page.' };
  const result = await launchBenchmark(id, { startedBy: principal, labels: { gatewayVersion: values.gatewayVersion?.trim() || undefined } });
  if (!result.ok) return { message: result.error, values };
  redirect(`/runs/${result.runIds[0]}`);
});

export const scheduleBenchmark = stateAction({ role: 'operator', doing: 'schedule benchmarks' }, async ({ values }) => {
  const id = asRunId(values.id);
  if (!id) return { message: 'This benchmark no longer exists; reload the page.' };
  const result = await setSchedule(id, values.schedule);
  if (!result.ok) return { errors: { schedule: result.error }, values };
  revalidatePath(`/benchmarks/${id}`);
  return { ok: true, message: result.schedule ? `Scheduled: ${result.schedule} (UTC).` : 'No longer scheduled.' };
});

/** Pins a run as the baseline (or unpins, with no run). */
export const pinBaseline = formAction({ role: 'operator', doing: 'edit benchmarks', backTo: benchmarkPage }, async ({ formData }) => {
  const id = benchmarkIdOf(formData);
  if (!id) redirect('/benchmarks');
  const result = await setBaseline(id, asRunId(formData.get('runId')) ?? null);
  if (!result.ok) redirect(`/benchmarks/${id}?notice=${encodeURIComponent(result.error)}`);
  revalidatePath(`/benchmarks/${id}`);
});

/** Deletes the benchmark and its schedule; its runs stay in the history. */
export const removeBenchmark = formAction({ role: 'operator', doing: 'delete benchmarks', backTo: benchmarkPage }, async ({ formData }) => {
  const id = benchmarkIdOf(formData);
  if (id) await deleteBenchmark(id);
  redirect('/benchmarks');
});
