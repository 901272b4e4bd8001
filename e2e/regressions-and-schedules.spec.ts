/**
 * Benchmarks from the browser: a run saved as a benchmark, run again with a new version, its
 * trend and baseline; a schedule that is checked and shows when it fires next; a webhook that
 * hears of the runs, with its delivery log; and CI running the benchmark through the API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { screenshot } from './screenshot';
import { startMockRun } from './new-run';

test.describe.configure({ mode: 'serial' });

const NAME = 'Mock nightly (e2e)';

test('a run saved as a benchmark, run again with a new version, has a trend, a baseline and a schedule', async ({ page }) => {
  // A webhook on loopback hears of every run from now on.
  const received: { event: string; run: { id: string } }[] = [];
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto('/settings');
    await page.getByRole('form', { name: 'Add a webhook' }).getByLabel('Name').fill('e2e hook');
    await page.getByLabel('URL').fill('http://10.99.0.1/hook');
    await page.getByLabel('Body').selectOption('json');
    await page.getByRole('checkbox', { name: 'run.finished' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByText(/^10\.99\.0\.1 is not an allowed host\./)).toBeVisible();
    // What was chosen is still chosen.
    await expect(page.getByLabel('Body')).toHaveValue('json');
    await expect(page.getByRole('checkbox', { name: 'run.finished' })).toBeChecked();
    await page.getByLabel('URL').fill(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('list', { name: 'Webhooks' })).toContainText('e2e hook');

    const firstRun = await startMockRun(page, { Users: '2', Duration: '2s', Thresholds: 'p95_ms < 2000', Gateway: 'Mock', Version: '1.0.0' });
    await expect(page.getByTestId('thresholds-verdict')).toHaveText('All 1 thresholds passed', { timeout: 20_000 });

    await page.locator('summary', { hasText: 'Save as benchmark' }).click();
    await page.getByLabel('Benchmark name').fill(NAME);
    await page.getByRole('button', { name: 'Save as benchmark' }).click();
    await expect(page.getByRole('heading', { name: NAME })).toBeVisible();
    await expect(page.getByText('2 users for 2 s · thresholds: p95_ms < 2000')).toBeVisible();

    await page.getByLabel('Gateway version').fill('1.1.0');
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect(page).toHaveURL(/\/runs\/(?!new$)[A-Za-z0-9_-]+$/);
    const secondRun = page.url().split('/').at(-1)!;
    await expect(page.getByRole('region', { name: 'Benchmark verdict' })).toContainText('Not tested: a benchmark needs 5 earlier completed runs to test against; it has 1.', { timeout: 20_000 });
    await page.getByRole('link', { name: NAME }).click();

    const runsTable = page.getByRole('region', { name: 'Runs of this benchmark' });
    await expect(runsTable.getByRole('row')).toHaveCount(3);
    await expect(runsTable).toContainText('1.1.0');
    await runsTable.getByRole('row').filter({ hasText: '1.0.0' }).getByRole('button', { name: 'Pin as baseline' }).click();
    await expect(runsTable.getByRole('row').filter({ hasText: '1.0.0' })).toContainText('baseline');
    await expect(page.getByText(/The ringed point is the baseline/)).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Latency trend' }).locator('circle')).not.toHaveCount(0);

    // Side by side, each run's thresholds are one row of the comparison.
    await page.goto(`/compare?runs=${firstRun},${secondRun}`);
    await expect(page.getByRole('table', { name: 'Comparison' }).getByRole('row', { name: /^Thresholds/ })).toContainText('all 1 passed');
    await page.goBack();

    await page.getByLabel('Cron schedule (UTC)').fill('every night');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect(page.getByText('write five fields, minute hour day-of-month month day-of-week (UTC), e.g. "0 3 * * *" for 03:00 every day')).toBeVisible();
    await page.getByLabel('Cron schedule (UTC)').fill('0 3 * * *');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect(page.getByText('Scheduled: 0 3 * * * (UTC).')).toBeVisible();
    await page.reload();
    await expect(page.getByText(/^Next: .*03:00 UTC, .*03:00 UTC, .*03:00 UTC\. Empty the field to stop\.$/)).toBeVisible();
    await screenshot(page, 'benchmark-trend');

    await page.goto('/benchmarks');
    await expect(page.getByRole('table', { name: 'Benchmarks' }).getByRole('row').filter({ hasText: NAME })).toContainText('0 3 * * *');

    // The webhook heard of both runs; the delivery log says so.
    await expect.poll(() => received.map((e) => e.run.id).sort(), { timeout: 20_000 }).toEqual([firstRun, secondRun].sort());
    await page.goto('/settings');
    await expect(page.getByRole('table', { name: 'Webhook deliveries' }).getByRole('row').filter({ hasText: 'delivered' })).toHaveCount(2);
    await screenshot(page, 'webhook-deliveries');
    await page.getByRole('list', { name: 'Webhooks' }).getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByText('Removed; its delivery log went with it.')).toBeVisible();
  } finally {
    hook.close();
  }
});

test('CI runs a benchmark by name with its version and gets the verdict', async ({ page, request }) => {
  await page.goto('/account');
  await page.getByLabel('New token name').fill('CI benchmark');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-api-token').textContent())!.trim();
  const headers = { authorization: `Bearer ${token}` };
  const answer = await request.post(`/api/benchmarks/${encodeURIComponent(NAME)}/runs?wait=60`, { headers, data: { gatewayVersion: '1.2.0' } });
  expect(answer.status(), await answer.text()).toBe(200);
  expect(await answer.json()).toMatchObject({ done: true, passed: true, runs: [{ status: 'completed', thresholdsPassed: true, regression: { verdict: 'insufficient' } }] });
  const missing = await request.post('/api/benchmarks/no-such-benchmark/runs', { headers, data: {} });
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: 'no benchmark with the id or name "no-such-benchmark"' });
  const bad = await request.post(`/api/benchmarks/${encodeURIComponent(NAME)}/runs`, { headers, data: { version: '1' } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: "body: unknown field(s): version (a benchmark run takes gatewayVersion and tags; its load is the benchmark's)" });
  // Unscheduled again, so later specs see a quiet server.
  await page.goto('/benchmarks');
  await page.getByRole('link', { name: NAME }).click();
  await page.getByLabel('Cron schedule (UTC)').fill('');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('No longer scheduled.')).toBeVisible();
});
