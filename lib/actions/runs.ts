'use server';
/** Runs: start one from the New run form, cancel one, run one again. */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { launchFromFields, relaunch } from '../runs/launch';
import { getRunManager } from '../runs/registry';
import { isRunId } from '../runs/run-id';
import { formAction, stateAction } from './action';

export const launchRun = stateAction({ role: 'operator', doing: 'start runs' }, async ({ values }) => {
  const result = await launchFromFields(values);
  if (!result.ok) return { errors: result.errors, values, message: 'Some fields need attention.' };
  redirect(`/runs/${result.runIds[0]}`);
});

const runIdOf = (formData: FormData) => {
  const id = formData.get('id');
  return isRunId(id) ? id : undefined;
};

/** The run page a refusal goes back to (the history for an id that is not a run's). */
const runPage = (formData: FormData) => {
  const id = runIdOf(formData);
  return id ? `/runs/${id}` : '/runs';
};

export const cancelRun = formAction({ role: 'operator', doing: 'cancel runs', backTo: runPage }, async ({ formData }) => {
  const id = runIdOf(formData);
  if (!id) redirect('/runs');
  getRunManager().cancel(id);
  revalidatePath(`/runs/${id}`);
});

/** Starts a new run with the same configuration and labels (and the target's current key). */
export const runAgain = formAction({ role: 'operator', doing: 'start runs', backTo: runPage }, async ({ formData }) => {
  const id = runIdOf(formData);
  if (!id) redirect('/runs');
  const result = await relaunch(id);
  if (!result.ok) redirect(`/runs/${id}?notice=${encodeURIComponent(result.error)}`);
  redirect(`/runs/${result.runIds[0]}`);
});
