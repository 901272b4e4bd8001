/**
 * The one-file HTML report: downloaded from a run and from a comparison, opened in Chromium with
 * the network cut, it shows the same numbers as the API and asks for nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { openOffline } from './offline';
import { screenshot } from './screenshot';
import { startMockRun } from './new-run';

test.describe.configure({ mode: 'serial' });

async function startRun(page: Page, version: string): Promise<string> {
  const id = await startMockRun(page, { Users: '3', Duration: '3s', Gateway: 'Report', Version: version });
  await expect(page.getByRole('link', { name: 'HTML report' })).toBeVisible({ timeout: 20_000 });
  return id;
}

test('a run and a comparison export as one HTML file that opens offline with the same numbers', async ({ page, request }) => {
  const first = await startRun(page, 'r1');
  const second = await startRun(page, 'r2');
  const runJson = await (await request.get(`/api/runs/${second}/export?format=json`)).json();
  const response = await request.get(`/api/runs/${second}/export?format=html`);
  expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers()['content-disposition']).toBe(`attachment; filename="run-${second}.html"`);
  const runHtml = await response.text();
  const comparisonHtml = await (await request.get(`/api/compare/export?runs=${first},${second}&format=html`)).text();

  const { attempts } = await openOffline(page, runHtml);
  await expect(page.getByRole('heading', { level: 1, name: 'Report r2' })).toBeVisible();
  const summary = page.getByRole('table', { name: 'Summary' });
  await expect(summary.locator('tr[data-metric="Requests"] td')).toHaveText(runJson.run.requests.toLocaleString('en-US'));
  const p95 = Number((await summary.locator('tr[data-metric="Latency p95 ms"] td').textContent())!.replaceAll(',', ''));
  expect(Math.abs(p95 - runJson.run.latencyP95Ms)).toBeLessThan(0.01 + runJson.run.latencyP95Ms * 0.005);
  await expect(page.getByRole('img', { name: 'Latency per second' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Successful requests per second' }).locator('polyline')).toHaveCount(1);
  // The data it was drawn from is in the file too.
  const embedded = JSON.parse((await page.locator('#report-data').textContent())!);
  expect(embedded.run.requests).toBe(runJson.run.requests);
  await screenshot(page, 'html-report-run');
  expect(attempts).toEqual([]);

  await openOffline(page, comparisonHtml);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comparison: Report r1 vs Report r2');
  await expect(page.getByRole('table', { name: 'Comparison' }).locator('tr[data-metric="rps"]')).toBeVisible();
  await expect(page.getByRole('img', { name: 'p95 latency per second' }).locator('polyline')).toHaveCount(2);
  expect(attempts).toEqual([]);
  await page.context().setOffline(false);
});
