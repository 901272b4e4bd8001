/**
 * Pass/fail thresholds from the browser (pass, fail, abort) and from a CI script (start a run
 * with an API token and wait for its verdict).
 */
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './screenshot';
import { startMockRun } from './new-run';

test.describe.configure({ mode: 'serial' });

const start = (page: Page, fields: { users: string; duration: string; thresholds: string; version: string }) =>
  startMockRun(page, { Users: fields.users, Duration: fields.duration, Thresholds: fields.thresholds, Version: fields.version });

test('thresholds that hold pass, one that does not fails, and the history filters by it', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Thresholds', { exact: true }).fill('p95 < 300');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText('unknown metric "p95"', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Reference targets' }).click();
  await expect(page.getByLabel('Thresholds', { exact: true })).toHaveValue('avg_ms < 5000\nrps > 50\nerror_rate < 0.01');

  await start(page, { users: '4', duration: '3s', thresholds: 'p95_ms < 1000\nerror_rate < 0.01', version: 'thresholds-pass' });
  await expect(page.getByTestId('thresholds-verdict')).toHaveText('All 2 thresholds passed', { timeout: 20_000 });
  const failedRun = await start(page, { users: '4', duration: '3s', thresholds: 'p95_ms < 1\nrps > 1', version: 'thresholds-fail' });
  await expect(page.getByTestId('thresholds-verdict')).toHaveText('1 of 2 thresholds failed', { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Thresholds' }).locator('tr[data-threshold="p95_ms < 1"]')).toContainText('failed');
  await screenshot(page, 'thresholds-failed');

  await page.goto('/runs?thresholds=failed');
  await expect(page.getByRole('link', { name: failedRun })).toBeVisible();
  await expect(page.getByText('thresholds-pass')).toHaveCount(0);
});

test('a threshold with abort stops the run as soon as it fails, and says so', async ({ page }) => {
  const started = Date.now();
  await start(page, { users: '2', duration: '60s', thresholds: 'p95_ms < 1 abort after 2s', version: 'thresholds-abort' });
  await expect(page.getByText(/^Threshold p95_ms < 1 failed after 2 s \([\d.]+\), so the run was stopped \(abortOnFail\)\.$/)).toBeVisible({ timeout: 20_000 });
  expect(Date.now() - started).toBeLessThan(30_000);
  await expect(page.getByTestId('thresholds-verdict')).toHaveText('1 of 1 thresholds failed — one with abort stopped the run');
});

test('a CI script starts a run with an API token and waits for its verdict', async ({ page, request }) => {
  await page.goto('/account');
  await page.getByLabel('New token name').fill('CI gate');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-api-token').textContent())!.trim();
  await page.goto('/runs/new');
  const target = await page.getByLabel('Target', { exact: true }).locator('option', { hasText: 'Mock OpenAI (built-in)' }).getAttribute('value');
  const headers = { authorization: `Bearer ${token}` };
  const passing = await request.post('/api/runs?wait=60', { headers, data: { targetId: target, users: 2, duration: '2s', warmup: '0', thresholds: 'p95_ms < 1000' } });
  expect(passing.status(), await passing.text()).toBe(200);
  expect(await passing.json()).toMatchObject({ done: true, passed: true, runs: [{ status: 'completed', thresholdsPassed: true, thresholds: [{ expression: 'p95_ms < 1000', passed: true }] }] });
  const failing = await request.post('/api/runs?wait=60', { headers, data: { targetId: target, users: 2, duration: '2s', warmup: '0', thresholds: 'p95_ms < 1' } });
  const verdict = await failing.json();
  expect(verdict).toMatchObject({ done: true, passed: false, runs: [{ thresholdsPassed: false }] });
  const polled = await request.get(`/api/runs/${verdict.runIds[0]}/verdict`, { headers });
  expect(await polled.json()).toMatchObject({ done: true, passed: false });
  expect((await request.post('/api/runs?wait=forever', { headers, data: { targetId: target } })).status()).toBe(400);
});
