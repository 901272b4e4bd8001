'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActionRole } from '@/app/auth';
import { z } from 'zod';
import { runConfigSchema } from '@/lib/runner/config';
import { authorizeRun } from '@/lib/runs/authorize';
import { runLabelsSchema } from '@/lib/runs/labels';
import { RUN_ID_ERROR, RUN_ID_PATTERN } from '@/lib/runs/run-id';
import { getRun } from '@/lib/runs/queries';
import { getRunManager } from '@/lib/runs/registry';
import { getTargetWithSecret } from '@/lib/targets/queries';

const runId = z.string().regex(RUN_ID_PATTERN, RUN_ID_ERROR);

export async function cancelRun(formData: FormData): Promise<void> {
  const id = runId.safeParse(formData.get('id'));
  if (!id.success) redirect('/runs');
  await requireActionRole('operator', 'cancel runs', `/runs/${id.data}`);
  getRunManager().cancel(id.data);
  revalidatePath(`/runs/${id.data}`);
}

/** Starts a new run with the same configuration and labels (and the target's current key). */
export async function runAgain(formData: FormData): Promise<void> {
  const id = runId.safeParse(formData.get('id'));
  if (!id.success) redirect('/runs');
  await requireActionRole('operator', 'start runs', `/runs/${id.data}`);
  const run = await getRun(id.data);
  if (!run) redirect('/runs');
  const target = run.targetId ? await getTargetWithSecret(run.targetId) : null;
  const stored = run.config as { target?: object };
  const config = runConfigSchema.safeParse({ ...stored, target: { ...stored.target, apiKey: target?.secret?.apiKey } });
  if (!config.success) redirect(`/runs/${run.id}?notice=${encodeURIComponent('The stored configuration is no longer valid; start a new run instead.')}`);
  const labels = runLabelsSchema.parse({
    gatewayName: run.gatewayName ?? undefined,
    gatewayVersion: run.gatewayVersion ?? undefined,
    instanceCount: run.instanceCount ?? undefined,
    machineCpus: run.machineCpus ?? undefined,
    machineRamGb: run.machineRamGb ?? undefined,
    usesPostgres: run.usesPostgres ?? undefined,
    usesRedis: run.usesRedis ?? undefined,
    tags: run.tags,
  });
  const authorized = await authorizeRun({ ...config.data, target: { ...config.data.target, address: undefined } });
  if (!authorized.ok) redirect(`/runs/${run.id}?notice=${encodeURIComponent(Object.values(authorized.errors).join(' '))}`);
  const { runIds } = await getRunManager().launch({ config: authorized.config, target: { id: run.targetId, name: run.targetName, url: run.targetUrl }, labels });
  redirect(`/runs/${runIds[0]}`);
}
