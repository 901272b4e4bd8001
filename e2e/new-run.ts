import { expect, type Page } from '@playwright/test';

/**
 * Starts a run from the New run form against the built-in mock (no warm-up unless given), filling
 * only the fields named by their labels, and returns its id once its page opens.
 */
export async function startMockRun(page: Page, fields: Record<string, string>): Promise<string> {
  await page.goto('/runs/new');
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Mock OpenAI (built-in)' });
  for (const [label, value] of Object.entries({ 'Warm-up': '0', ...fields })) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/(?!new$)[A-Za-z0-9_-]+$/);
  return page.url().split('/').at(-1)!;
}
