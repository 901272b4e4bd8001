/**
 * The two questions users bring first, answered through a real gateway: what Portkey adds over
 * calling the model server directly (an overhead run), and whether Portkey 1.15.2 differs from
 * 1.9.8 (an A/B experiment in rounds). Both Portkey versions run from npm in front of the mock
 * server; every figure on the page is checked against the runs' own exported data.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnMockProcess } from '../lib/mock/child';
import { formatMs } from '../lib/format';
import { portkeyHeaders, startPortkey, type Portkey } from '../test/portkey';
import { sweepCompleted } from './run-export';
import { openOffline } from './offline';
import { screenshot } from './screenshot';

test.describe.configure({ mode: 'serial' });

let model: Awaited<ReturnType<typeof spawnMockProcess>>;
let portkey: Record<'old' | 'new', Portkey>;

test.beforeAll(async () => {
  model = await spawnMockProcess(['--latency', '20']);
  portkey = { old: await startPortkey('1.9.8'), new: await startPortkey('1.15.2') };
});
test.afterAll(async () => {
  await Promise.all([model?.close(), portkey?.old.close(), portkey?.new.close()]);
});

async function addTarget(page: Page, fields: { name: string; baseUrl: string; headers?: string; apiKey?: string; upstream?: string }) {
  await page.goto('/targets');
  const form = page.getByRole('form', { name: 'New target' });
  await form.getByLabel('Name').fill(fields.name);
  await form.getByLabel('Base URL').fill(fields.baseUrl);
  await form.getByLabel('Default model').fill('gpt-4o-mini');
  if (fields.headers) await form.getByLabel('Extra headers').fill(fields.headers);
  if (fields.apiKey) await form.getByLabel('API key').fill(fields.apiKey);
  if (fields.upstream) await form.getByLabel('Upstream (for overhead runs)').selectOption({ label: fields.upstream });
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText(`Saved "${fields.name}".`)).toBeVisible();
}

/** A run's own figures, from its export. */
async function runData(page: Page, id: string) {
  const response = await page.request.get(`/api/runs/${id}/export?format=json`);
  expect(response.ok()).toBe(true);
  return (await response.json()).run as { latencyP50Ms: number; latencyP95Ms: number; latencyP99Ms: number; rps: number; status: string; experimentArm: number; experimentRound: number };
}

test('targets name their upstream: Portkey 1.9.8 and 1.15.2 in front of one model server', async ({ page }) => {
  await addTarget(page, { name: 'Model server', baseUrl: model.url });
  const headers = Object.entries(portkeyHeaders(model.url)).map(([k, v]) => `${k}: ${v}`).join('\n');
  await addTarget(page, { name: 'Portkey 1.9.8', baseUrl: portkey.old.url, headers, apiKey: 'sk-e2e-portkey', upstream: 'Model server' });
  await addTarget(page, { name: 'Portkey 1.15.2', baseUrl: portkey.new.url, headers, apiKey: 'sk-e2e-portkey', upstream: 'Model server' });
  const row = page.getByRole('listitem', { name: 'Portkey 1.15.2' });
  await expect(row).toContainText('upstream Model server');
  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByRole('status')).toContainText('HTTP 200 in');
});

test('an overhead run reports what Portkey adds in ms, with intervals, matching its two runs', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Portkey 1.15.2' });
  await page.getByLabel('Overhead: this gateway against its upstream, request by request').check();
  await expect(page.getByTestId('overhead-explainer')).toContainText('alternates between Portkey 1.15.2 and its upstream Model server');
  await page.getByLabel('Users', { exact: true }).fill('10');
  await page.getByLabel('Duration', { exact: true }).fill('12s');
  await page.getByLabel('Warm-up', { exact: true }).fill('1s');
  await page.getByLabel('Gateway', { exact: true }).fill('Portkey');
  await page.getByLabel('Version', { exact: true }).fill('1.15.2');
  await page.getByRole('button', { name: 'Start overhead run' }).click();
  await expect(page).toHaveURL(/\/experiments\/[A-Za-z0-9_-]+$/);
  const id = page.url().split('/').at(-1)!;
  await expect(page.getByText('Overhead run', { exact: true })).toBeVisible();
  const summary = page.getByTestId('experiment-summary');
  await expect(summary).toContainText('Portkey 1.15.2 adds', { timeout: 40_000 });
  await expect(summary).toContainText('over its upstream (95% intervals)');
  await screenshot(page, 'experiment-overhead');

  const exported = await (await page.request.get(`/api/experiments/${id}/export?format=json`)).json();
  const [gatewayRun, directRun] = [0, 1].map((arm) => exported.runs.find((r: { arm: number }) => r.arm === arm));
  const gateway = await runData(page, gatewayRun.id);
  const direct = await runData(page, directRun.id);
  expect([gateway.status, direct.status]).toEqual(['completed', 'completed']);
  const quantiles = exported.result.latency.quantiles as { q: number; gateway: number; direct: number; difference: number; low: number; high: number }[];
  const table = page.getByRole('table', { name: 'Overhead' });
  for (const [q, column] of [[0.5, 'latencyP50Ms'], [0.95, 'latencyP95Ms'], [0.99, 'latencyP99Ms']] as const) {
    const row = quantiles.find((x) => x.q === q)!;
    // The paired figures are the arm runs' own quantiles (HDR precision vs exact: within 1%).
    expect(Math.abs(row.gateway - gateway[column])).toBeLessThanOrEqual(Math.max(0.5, gateway[column] * 0.01));
    expect(Math.abs(row.direct - direct[column])).toBeLessThanOrEqual(Math.max(0.5, direct[column] * 0.01));
    expect(row.difference).toBeCloseTo(row.gateway - row.direct, 6);
    expect(row.low).toBeLessThanOrEqual(row.difference);
    expect(row.high).toBeGreaterThanOrEqual(row.difference);
    const shown = table.locator(`tr[data-quantile="p${Math.round(q * 100)}"]`);
    await expect(shown.locator('td').nth(0)).toHaveText(formatMs(row.gateway));
    await expect(shown.locator('td').nth(1)).toHaveText(formatMs(row.direct));
  }
  // A real gateway adds something: Portkey's p50 is above the model server's.
  expect(quantiles[0].difference).toBeGreaterThan(0);
  // Portkey sends no overhead header: said so, not shown as 0.
  await expect(table.locator('tr[data-quantile="p50"] td').nth(4)).toHaveText('not sent');
  await expect(page.getByTestId('throughput-lost')).toContainText("at 10 users, each arm alone (Little's law");
  console.log(`overhead (Portkey 1.15.2, 10 users, 12 s): ${quantiles.map((x) => `p${Math.round(x.q * 100)} +${x.difference.toFixed(1)} ms [${x.low.toFixed(1)}, ${x.high.toFixed(1)}]`).join(', ')}; direct p50 ${direct.latencyP50Ms} ms`);
});

test('a two-version experiment runs in rounds and answers with intervals, each arm mean from its runs', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Portkey 1.9.8' });
  await page.getByLabel('A/B: this target against others, in rounds').check();
  await page.getByRole('group', { name: 'Compare with' }).getByLabel('Portkey 1.15.2').check();
  await page.getByLabel('Rounds', { exact: true }).fill('3');
  await page.getByLabel('Users', { exact: true }).fill('10');
  await page.getByLabel('Duration', { exact: true }).fill('4s');
  await page.getByLabel('Warm-up', { exact: true }).fill('1s');
  await page.getByLabel('Gateway', { exact: true }).fill('Portkey');
  await page.getByLabel('Version', { exact: true }).fill('1.9.8');
  await page.getByRole('button', { name: 'Start experiment' }).click();
  await expect(page).toHaveURL(/\/experiments\/[A-Za-z0-9_-]+$/);
  const id = page.url().split('/').at(-1)!;
  await expect(page.getByRole('status').filter({ hasText: 'This page refreshes itself' })).toBeVisible();
  const summary = page.getByTestId('experiment-summary');
  await expect(summary).toContainText('Portkey 1.15.2 vs Portkey 1.9.8: p50 ', { timeout: 60_000 });
  await screenshot(page, 'experiment-ab');

  const exported = await (await page.request.get(`/api/experiments/${id}/export?format=json`)).json();
  expect(exported.runs).toHaveLength(6);
  const runs = await Promise.all(exported.runs.map((r: { id: string }) => runData(page, r.id)));
  const table = page.getByRole('table', { name: 'Experiment result' });
  for (const arm of [0, 1]) {
    const own = runs.filter((r) => r.experimentArm === arm);
    expect(own).toHaveLength(3);
    const mean = own.reduce((sum, r) => sum + r.latencyP50Ms, 0) / 3;
    const stored = exported.result.metrics.find((m: { key: string }) => m.key === 'latencyP50Ms').arms[arm].interval.mean;
    expect(stored).toBeCloseTo(mean, 6);
    await expect(table.locator(`tr[data-metric="latencyP50Ms"] td[data-arm="${arm}"] span`).first()).toHaveText(formatMs(mean));
  }
  const d = exported.result.metrics.find((m: { key: string }) => m.key === 'latencyP50Ms').differences[0];
  expect(['better', 'worse', 'same']).toContain(d.verdict);
  expect(d.low).toBeLessThanOrEqual(d.difference);
  console.log(`experiment (Portkey 1.15.2 vs 1.9.8, 3 rounds × 4 s, 10 users): ${exported.result.summary}`);

  // The one-file report: the same answer and arm means, opened with the network cut.
  const reportPage = await page.context().browser()!.newPage();
  const { attempts } = await openOffline(reportPage, await (await page.request.get(`/api/experiments/${id}/export?format=html`)).text());
  await expect(reportPage.getByTestId('experiment-summary')).toHaveText(exported.result.summary);
  const p50 = exported.result.metrics.find((m: { key: string }) => m.key === 'latencyP50Ms');
  await expect(reportPage.getByRole('table', { name: 'Experiment result' }).getByRole('row', { name: /^p50 latency \(ms\)/ }).locator('td').first()).toContainText(formatMs(p50.arms[0].interval.mean));
  await expect(reportPage.getByRole('table', { name: 'Runs' }).locator('tbody tr')).toHaveCount(6);
  await expect(reportPage.getByRole('img', { name: 'p95 latency per round' }).locator('polyline')).toHaveCount(2);
  await screenshot(reportPage, 'html-report-experiment');
  expect(attempts).toEqual([]);
  await reportPage.close();

  // Listed in the history as one experiment, and shared read-only.
  await page.goto('/runs');
  await expect(page.getByRole('table', { name: 'Experiments' }).getByRole('link', { name: 'Portkey 1.9.8 vs Portkey 1.15.2' })).toBeVisible();
  await page.goto(`/experiments/${id}`);
  await page.getByText('Share links (0)').click();
  await page.getByRole('button', { name: 'Create share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const context = await page.context().browser()!.newContext();
  const anonymous = await context.newPage();
  await anonymous.goto(link);
  await expect(anonymous.getByTestId('experiment-summary')).toHaveText(exported.result.summary);
  expect(await anonymous.content()).not.toContain(portkey.old.url);
  await context.close();
});

test('two sweeps compared: one throughput-vs-p95 curve per version, each knee named', async ({ page }) => {
  const sweepIds: string[] = [];
  for (const version of ['1.9.8', '1.15.2']) {
    await page.goto('/runs/new');
    await page.getByLabel('Target', { exact: true }).selectOption({ label: `Portkey ${version}` });
    await page.getByLabel('Users', { exact: true }).fill('2');
    await page.getByLabel('Duration', { exact: true }).fill('2s');
    await page.getByLabel('Warm-up', { exact: true }).fill('0');
    await page.getByLabel('Sweep stages', { exact: true }).fill('2, 8');
    await page.getByLabel('Gateway', { exact: true }).fill('Portkey');
    await page.getByLabel('Version', { exact: true }).fill(version);
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/\/runs\/(?!new$)[A-Za-z0-9_-]+$/);
    sweepIds.push(page.url().split('/').at(-1)!);
    await expect(page.getByRole('table', { name: 'Summary' })).toBeVisible({ timeout: 30_000 });
  }
  // Both sweeps to the end: a stage still running is not a point.
  await expect.poll(async () => (await Promise.all(sweepIds.map((id) => sweepCompleted(page, id)))).every(Boolean), { timeout: 30_000 }).toBe(true);
  await page.goto(`/compare?runs=${sweepIds.join(',')}`);
  const figure = page.getByRole('figure', { name: 'Sweeps compared' });
  await expect(figure).toBeVisible();
  const knees = figure.getByRole('list', { name: 'Knees' }).getByRole('listitem');
  await expect(knees).toHaveCount(2);
  await expect(knees.nth(0)).toContainText(/^Portkey 1\.9\.8: (knee at|not saturated)/);
  await expect(knees.nth(1)).toContainText(/^Portkey 1\.15\.2: (knee at|not saturated)/);
  // The lower version is the baseline, and the answer is one line on top.
  await expect(page.getByTestId('comparison-summary')).toContainText('Portkey 1.15.2 vs 1.9.8: p50 ');
  await screenshot(page, 'compare-sweeps');
});
