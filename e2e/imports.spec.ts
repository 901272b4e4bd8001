/**
 * Importing another tool's results from the browser: Locust's CSV files become a run labelled
 * "imported from Locust" with what the files had and lacked; a file no tool wrote is refused
 * in words and nothing is added.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot } from './screenshot';

const fixtures = path.resolve('lib/imports/fixtures');

test('Locust CSV files become a run in history, labelled, with what is missing; a bad file is refused', async ({ page }) => {
  await page.goto('/runs');
  await page.getByRole('link', { name: 'Import results' }).click();
  await expect(page.getByRole('heading', { name: 'Import results' })).toBeVisible();

  // A file no tool wrote: refused with what was expected; the page stays.
  await page.getByLabel('Files').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('form', { name: 'Import results' }).getByRole('alert')).toContainText('notes.json is JSON, but not from a tool this app reads: expected Locust --csv files');
  await expect(page).toHaveURL(/\/runs\/import$/);

  await page.getByLabel('Files').setInputFiles(['run_stats.csv', 'run_stats_history.csv'].map((name) => path.join(fixtures, 'locust/steady', name)));
  await page.getByLabel('Gateway', { exact: true }).fill('LiteLLM');
  await page.getByLabel('Gateway version').fill('1.80.0-imported');
  await page.getByLabel('Target name').fill('staging gateway (Locust)');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]{6,}$/);
  const imported = page.getByRole('region', { name: 'Imported' });
  await expect(imported).toContainText('imported from Locust');
  await expect(imported).toContainText('run_stats.csv, run_stats_history.csv');
  await expect(page.getByRole('list', { name: 'Missing from the file' })).toContainText('time to first token');
  // The totals are the file's (Aggregated row: 4,670 requests).
  await expect(page.getByRole('region', { name: 'Results', exact: true })).toContainText('4,670');
  await expect(page.getByRole('button', { name: 'Run again' })).toHaveCount(0);
  await screenshot(page, 'imported-run');

  await page.goto('/runs?version=1.80.0-imported');
  await expect(page.getByTestId('imported-label').first()).toHaveText('imported from Locust');
  await expect(page.getByRole('row')).toHaveCount(2);
});
