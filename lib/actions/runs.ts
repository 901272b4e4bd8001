'use server';
/** Runs: start one from the New run form, cancel one, run one again. */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { deleteRun as deleteRunAndSweep, runDetailsFieldsSchema, updateRunDetails } from '../runs/corrections';
import { launchFromFields, relaunch } from '../runs/launch';
import { getRunManager } from '../runs/registry';
import { asRunId } from '../runs/run-id';
import { formAction, stateAction } from './action';

export const launchRun = stateAction({ role: 'operator', doing: 'start runs' }, async ({ values, principal }) => {
  const result = await launchFromFields(values, principal);
  if (!result.ok) return { errors: result.errors, values, message: 'Some fields need attention.' };
  redirect(result.experimentId ? `/experiments/${result.experimentId}` : `/runs/${result.runIds[0]}`);
});

const runIdOf = (formData: FormData) => asRunId(formData.get('id'));

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

/** Cancels an experiment: the run going stops with what it measured, the rest do not start. */
export const cancelExperiment = formAction({ role: 'operator', doing: 'cancel runs', backTo: (formData) => { const id = runIdOf(formData); return id ? `/experiments/${id}` : '/runs'; } }, async ({ formData }) => {
  const id = runIdOf(formData);
  if (!id) redirect('/runs');
  getRunManager().cancel(id);
  revalidatePath(`/experiments/${id}`);
});

/** Starts a new run with the same configuration and labels (and the target's current key). */
export const runAgain = formAction({ role: 'operator', doing: 'start runs', backTo: runPage }, async ({ formData, principal }) => {
  const id = runIdOf(formData);
  if (!id) redirect('/runs');
  const result = await relaunch(id, principal);
  if (!result.ok) redirect(`/runs/${id}?notice=${encodeURIComponent(result.error)}`);
  redirect(`/runs/${result.runIds[0]}`);
});

/** Title, notes, labels and tags, after the run. */
export const updateRun = stateAction({ role: 'operator', doing: 'edit runs', schema: runDetailsFieldsSchema }, async ({ values, input, principal }) => {
  const id = asRunId(values.id);
  if (!id) return { message: 'This run no longer exists; reload the page.' };
  const result = await updateRunDetails(principal, id, input);
  if (!result.ok) return { message: result.error, values };
  revalidatePath(`/runs/${id}`);
  return { ok: true, message: 'Saved.' };
});

/** Deletes a run (its whole sweep, if it has one): operators their own, admins any. */
export const deleteRun = formAction({ role: 'operator', doing: 'delete runs', backTo: runPage }, async ({ formData, principal }) => {
  const id = runIdOf(formData);
  if (!id) redirect('/runs');
  const result = await deleteRunAndSweep(principal, id);
  if (!result.ok) redirect(`/runs/${id}?notice=${encodeURIComponent(result.error)}`);
  revalidatePath('/runs');
  redirect(`/runs?notice=${encodeURIComponent(`Deleted ${result.deleted!.length === 1 ? `run ${id}` : `the sweep of ${result.deleted!.length} stages`}, with its points and share links.`)}`);
});
