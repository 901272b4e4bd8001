import { expect, test } from '@playwright/test';
import { spawnMockProcess } from '../lib/mock/child';
import { screenshot } from './screenshot';

test.describe.configure({ mode: 'serial' });

let slow: Awaited<ReturnType<typeof spawnMockProcess>> | undefined;
test.afterAll(async () => slow?.close());

test('a user adds a target, checks it answers, and sees it listed with its key hidden', async ({ page }) => {
  await page.goto('/targets');
  const builtin = page.getByRole('listitem', { name: 'Mock OpenAI (built-in)' });
  await expect(builtin).toBeVisible();
  const mockUrl = (await builtin.locator('p.font-mono').textContent())!.trim();

  const form = page.getByRole('form', { name: 'New target' });
  await form.getByLabel('Name').fill('Local gateway');
  await form.getByLabel('Base URL').fill('not a url');
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(form.getByText('must be an http:// or https:// URL')).toBeVisible();

  // Outside the allowlist (loopback by default): refused before any request is sent.
  await form.getByLabel('Base URL').fill('http://10.0.0.5:4000');
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(form.getByText('is not an allowed target')).toBeVisible();

  await form.getByLabel('Base URL').fill(mockUrl);
  await form.getByLabel('Default model').fill('mock-gpt');
  await form.getByLabel('Extra headers').fill('x-portkey-provider: openai');
  await form.getByLabel('API key').fill('sk-e2e-very-secret');
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText('Saved "Local gateway".')).toBeVisible();

  const row = page.getByRole('listitem', { name: 'Local gateway' });
  await expect(row).toContainText('API key saved (hidden)');
  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByRole('status')).toContainText('HTTP 200 in');
  expect(await page.content()).not.toContain('sk-e2e-very-secret');
  await screenshot(page, 'targets');
});

test('a user starts a run, watches it live, and reads the summary on its permalink', async ({ page }) => {
  await page.goto('/runs/new');
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Local gateway' });
  await page.getByLabel('Users', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText('at least 1 user', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Users', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Users', { exact: true }).fill('8');
  await page.getByLabel('Duration', { exact: true }).fill('10s');
  await expect(page.getByLabel('Warm-up', { exact: true })).toHaveValue('5s');
  await page.getByLabel('Warm-up', { exact: true }).fill('1s');
  await page.getByLabel('Gateway', { exact: true }).fill('LiteLLM');
  await page.getByLabel('Version', { exact: true }).fill('1.79.1-e2e');
  await page.getByLabel('Instances', { exact: true }).fill('2');
  await page.getByLabel('Tags', { exact: true }).fill('e2e, smoke');
  await screenshot(page, 'runs-new-filled');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/\/runs\/[A-Za-z0-9_-]+$/);
  const live = page.getByRole('status').filter({ hasText: 'elapsed' });
  await expect(live).toBeVisible();
  const requests = page.getByTestId('live-requests');
  await expect(requests).not.toHaveText('0', { timeout: 5000 });
  const first = Number((await requests.textContent())!.replace(/,/g, ''));
  await expect.poll(async () => Number((await requests.textContent())!.replace(/,/g, '')), { timeout: 5000 }).toBeGreaterThan(first);
  await screenshot(page, 'run-live');

  const summary = page.getByRole('table', { name: 'Summary' });
  await expect(summary).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('completed', { exact: true })).toBeVisible();
  await expect(page.getByText('Latency distribution')).toBeVisible();
  await screenshot(page, 'run-done');

  await page.reload();
  await expect(summary).toBeVisible();
  await expect(page.getByText('LiteLLM 1.79.1-e2e')).toBeVisible();
});

test('a user cancels a run midway and keeps what it measured', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Users', { exact: true }).fill('4');
  await page.getByLabel('Duration', { exact: true }).fill('2m');
  await page.getByLabel('Warm-up', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('live-requests')).not.toHaveText('0', { timeout: 8000 });
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This run was cancelled' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible();
  await screenshot(page, 'run-cancelled');
});

test('a user finds the run in history by its version label and picks runs to compare', async ({ page }) => {
  await page.goto('/runs');
  const filters = page.getByRole('form', { name: 'Filter runs' });
  await filters.getByLabel('Version').fill('1.79.1-e2e');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/version=1\.79\.1-e2e/);
  const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('LiteLLM 1.79.1-e2e');

  await page.goto('/runs?sort=rps');
  await expect(page.getByRole('columnheader', { name: /RPS/ })).toHaveAttribute('aria-sort', 'descending');
  const boxes = page.getByRole('checkbox', { name: /Select run/ });
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(page.getByRole('link', { name: 'Compare (2)' })).toHaveAttribute('href', /^\/compare\?runs=[\w-]+,[\w-]+$/);
  await screenshot(page, 'runs-history');
});

test('a sweep is one thing: in progress it says so, done it has a stage table, a knee or "not saturated", and one row in the history', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Stop after a request count').check();
  await page.getByLabel('Requests', { exact: true }).fill('150');
  await page.getByLabel('Warm-up', { exact: true }).fill('0');
  await page.getByLabel('Sweep stages').fill('1, 2, 4');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]+$/);
  const sweep = page.getByRole('region', { name: 'Sweep' });
  await expect(sweep).toContainText('Sweep: 3 stages');
  // Mid-way, the stage page does not pass off the first stage as the sweep's answer.
  await expect(sweep.getByRole('status')).toContainText('Sweep in progress');
  const stages = sweep.getByRole('table', { name: 'Stages' });
  await expect(stages.getByRole('link')).toHaveCount(3);
  // The last stage finishes last; its page shows the whole sweep measured.
  await stages.getByRole('link').nth(2).click();
  await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(sweep.getByRole('status')).toHaveCount(0);
  // 1 → 2 → 4 users against a 20 ms mock: throughput still doubles, so there is no knee yet.
  await expect(page.getByTestId('sweep-knee')).toContainText(/^Not saturated: throughput still grew at the last stage/);
  await expect(stages.locator('tbody tr')).toHaveCount(3);
  await expect(stages.locator('tbody tr').nth(0)).toContainText('1 user');
  await expect(sweep.locator('.recharts-bar-rectangle')).toHaveCount(3);
  await screenshot(page, 'run-sweep');
  // With a limit below every stage's p95 it says so, with the measured p95s.
  await page.goto(`${page.url()}?p95=1`);
  await expect(page.getByTestId('sweep-knee')).toContainText(/^No stage kept p95 within 1 ms \(stage p95s: [\d.]+, [\d.]+, [\d.]+ ms\)/);
  // The history lists the sweep once, its stages under it.
  await page.goto('/runs');
  await expect(page.getByText('Sweep · 3 stages')).toHaveCount(1);
});

test('a user compares two versions, sees deltas and a verdict, shares the link and downloads it', async ({ page, browser }) => {
  // A second version to compare with the first run (LiteLLM 1.79.1-e2e on the 20 ms mock): one
  // that answers in 60 ms, so the verdict has a known answer.
  slow = await spawnMockProcess(['--latency', '60']);
  await page.goto('/targets');
  const form = page.getByRole('form', { name: 'New target' });
  await form.getByLabel('Name').fill('Slow gateway');
  await form.getByLabel('Base URL').fill(slow.url);
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText('Saved "Slow gateway".')).toBeVisible();
  await page.goto('/runs/new');
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Slow gateway' });
  await page.getByLabel('Users', { exact: true }).fill('8');
  await page.getByLabel('Duration', { exact: true }).fill('5s');
  await page.getByLabel('Gateway', { exact: true }).fill('LiteLLM');
  await page.getByLabel('Version', { exact: true }).fill('1.80.0-e2e');
  await page.getByLabel('Instances', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible({ timeout: 30_000 });

  await page.goto('/runs?gateway=LiteLLM&instances=2');
  await page.getByRole('checkbox', { name: /Select run/ }).nth(0).check();
  await page.getByRole('checkbox', { name: /Select run/ }).nth(1).check();
  await page.getByRole('link', { name: 'Compare (2)' }).click();
  await expect(page).toHaveURL(/\/compare\?runs=/);

  const table = page.getByRole('table', { name: 'Comparison' });
  await expect(table).toContainText('LiteLLM 1.80.0-e2e');
  await expect(table).toContainText('LiteLLM 1.79.1-e2e');
  await expect(table.getByText('baseline', { exact: true })).toBeVisible();
  // The lower version (1.79.1, 20 ms) is the baseline, whichever was ticked first: the 60 ms 1.80.0 is worse on every latency and on RPS.
  const verdict = page.getByRole('region', { name: 'Verdict' });
  // p99 rests on the few slowest requests of each second: it may or may not clear the noise, the rest must.
  await expect(verdict).toContainText(/LiteLLM 1\.80\.0-e2e ×2 vs baseline LiteLLM 1\.79\.1-e2e ×2: worse p50 ms, p95 ms, (p99 ms, )?RPS\./);
  const p50 = table.getByRole('row', { name: /^p50 ms/ });
  await expect(p50.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'worse');
  // The change in ms beside the %, and the answer in one line on top, in the runs' names.
  await expect(p50.locator('[data-verdict]')).toHaveText(/^\+(3[89]|4[0-2])(\.\d+)? ms \(\+\d+%\)$/);
  await expect(page.getByTestId('comparison-summary')).toHaveText(/^LiteLLM 1\.80\.0-e2e ×2 vs 1\.79\.1-e2e ×2: p50 \+(3[89]|4[0-2])(\.\d+)? ms \(\+\d+%\), worse; p99 \+\d+(\.\d+)? ms \(\+\d+%\), (worse|within noise); RPS −\d+(\.\d+)? req\/s \(−\d+%\), worse$/);
  // Columns oldest first: the 1.79.1 run was made first.
  await expect(table.locator('thead th').nth(1)).toContainText('LiteLLM 1.79.1-e2e ×2');
  await expect(page.getByText('more than twice its standard error')).toBeVisible();
  await expect(page.getByText('RPS and p95 by version')).toBeVisible();
  await screenshot(page, 'compare');

  // A pasted link unfurls with a picture of the comparison.
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(ogImage).toMatch(/\/api\/og\/compare\?runs=/);
  const png = await page.request.get(ogImage!);
  expect(png.headers()['content-type']).toBe('image/png');
  await (await import('node:fs/promises')).writeFile('e2e/screenshots/compare-og.png', await png.body());

  // The link is the whole state: a colleague's browser (signed in) sees the same comparison.
  const url = page.url();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByRole('table', { name: 'Comparison' })).toContainText('LiteLLM 1.80.0-e2e');
  await fresh.close();

  // Swap the baseline: the same difference now reads as an improvement.
  await table.getByRole('link', { name: 'make baseline' }).click();
  await expect(page).toHaveURL(/baseline=/);
  await expect(verdict).toContainText(/LiteLLM 1\.79\.1-e2e ×2 vs baseline LiteLLM 1\.80\.0-e2e ×2: better p50 ms, p95 ms, (p99 ms, )?RPS\./);
  await expect(p50.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'better');
  // The column order stays: oldest first on every page.
  await expect(table.locator('thead th').nth(1)).toContainText('LiteLLM 1.79.1-e2e ×2');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  const csvText = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8');
  // Named columns, no baseline-vs-itself column.
  expect(csvText.split('\n')[0]).toBe('metric,LiteLLM 1.79.1-e2e ×2,LiteLLM 1.79.1-e2e ×2 change vs LiteLLM 1.80.0-e2e ×2,LiteLLM 1.79.1-e2e ×2 change %,LiteLLM 1.79.1-e2e ×2 verdict,LiteLLM 1.80.0-e2e ×2 (baseline)');
  expect(csvText).not.toContain('unknown');
  expect(csvText).toContain('gatewayVersion,');
  expect(csvText).toMatch(/p95 ms,[\d.]+/);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download JSON' }).click()]);
  const body = JSON.parse(await (await import('node:fs/promises')).readFile((await json.path())!, 'utf8'));
  expect(body.runs).toHaveLength(2);
  expect(body.runs[0].series.length).toBeGreaterThan(2);
  expect(body.runs[0].config.load).toMatchObject({ model: 'closed' });
  expect(body.runs.map((r: { gatewayVersion: string }) => r.gatewayVersion).sort()).toEqual(['1.79.1-e2e', '1.80.0-e2e']);
  expect(body.metrics.find((m: { metric: string }) => m.metric === 'rps').better).toBe('higher');
  // Keyed by name; the baseline holds its value only.
  expect(Object.keys(body.metrics.find((m: { metric: string }) => m.metric === 'rps').runs)).toEqual(['LiteLLM 1.79.1-e2e ×2', 'LiteLLM 1.80.0-e2e ×2']);
  expect(body.metrics.find((m: { metric: string }) => m.metric === 'rps').runs['LiteLLM 1.80.0-e2e ×2']).toEqual({ value: expect.any(Number) });
  expect(body.baseline).toBe('LiteLLM 1.80.0-e2e ×2');
  expect(JSON.stringify(body)).not.toContain('sk-e2e-very-secret');

  // A single run exports too, with its config and series.
  const runId = body.runs[0].id as string;
  const runJson = await page.request.get(`/api/runs/${runId}/export?format=json`);
  const run = await runJson.json();
  expect(run.run.config.target.url).toContain('/v1/chat/completions');
  expect(run.series.length).toBeGreaterThan(2);
  expect(JSON.stringify(run)).not.toContain('sk-e2e-very-secret');
});
