import type { Page } from '@playwright/test';

/** Whether every stage of the sweep a run belongs to has completed (from the run's own export). */
export async function sweepCompleted(page: Page, runId: string): Promise<boolean> {
  const body = await (await page.request.get(`/api/runs/${runId}/export?format=json`)).json();
  return (body.sweep as { status: string }[]).every((s) => s.status === 'completed');
}
