/**
 * From measured saturation to a capacity plan: a capacity run finds the limit of a gateway whose
 * limit is known, a sweep's knee plans too, and a closed-model run alone is a lower bound.
 * (After first-visit.spec.ts, which needs a fresh install.)
 */
import { expect, test } from '@playwright/test';
import { spawnMockProcess } from '../lib/mock/child';
import { sweepCompleted } from './run-export';
import { screenshot } from './screenshot';

test.describe('from measured saturation to a plan', () => {
  test.describe.configure({ mode: 'serial' });
  // A gateway with a known limit: 10 workers × 20 ms = 500 req/s; beyond, requests queue.
  let capped: Awaited<ReturnType<typeof spawnMockProcess>>;
  test.beforeAll(async () => {
    capped = await spawnMockProcess(['--latency', '20', '--max-concurrent', '10']);
  });
  test.afterAll(async () => capped?.close());

  test('a capacity run finds the limit of a gateway with 10 workers × 20 ms, and plans from it', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto('/targets');
    const form = page.getByRole('form', { name: 'New target' });
    await form.getByLabel('Name').fill('Capped gateway');
    await form.getByLabel('Base URL').fill(capped.url);
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect(page.getByText('Saved "Capped gateway".')).toBeVisible();

    await page.goto('/runs/new');
    await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Capped gateway' });
    await page.getByLabel('Open: a fixed arrival rate').check();
    await page.getByLabel('Find the limit (capacity run)').check();
    await expect(page.getByTestId('capacity-explainer')).toBeVisible();
    await page.getByRole('button', { name: 'Find the limit' }).click();
    await expect(page.getByText('give the latency objective the limit is found for, e.g. 200', { exact: true })).toBeVisible();
    await page.getByLabel('First rate (requests/s)').fill('100');
    await page.getByLabel('Latency objective (ms)').fill('60');
    await page.getByLabel('Step length').fill('3s');
    await page.getByLabel('Warm-up', { exact: true }).fill('0');
    await page.getByLabel('Gateway', { exact: true }).fill('LiteLLM');
    await page.getByLabel('Instances', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Find the limit' }).click();
    await expect(page).toHaveURL(/\/runs\/(?!new$)[A-Za-z0-9_-]+$/);
    const limit = page.getByTestId('capacity-limit');
    await expect(limit).toBeVisible({ timeout: 90_000 });
    const found = Number((await limit.textContent())!.match(/([\d,.]+) req\/s/)![1].replace(/,/g, ''));
    console.log(`capacity run (10 workers × 20 ms = 500 req/s, p95 ≤ 60 ms, 3 s steps): found ${found} req/s`);
    expect(found).toBeGreaterThanOrEqual(475);
    expect(found).toBeLessThanOrEqual(525);
    await expect(page.getByRole('table', { name: 'Capacity steps' }).getByRole('row')).not.toHaveCount(1);
    await screenshot(page, 'capacity-run');

    await page.getByRole('link', { name: 'Plan capacity from this run →' }).click();
    await expect(page).toHaveURL(/\/capacity\?runs=/);
    const row = page.getByRole('row').filter({ hasText: 'capacity run' });
    await expect(row).toContainText(String(found));
    await expect(page.getByTestId('sizing')).toContainText('Advice for LiteLLM');
  });

  test('a closed-model sweep knee plans too, and a closed run alone is a lower bound, left out with the reason', async ({ page }) => {
    await page.goto('/runs/new');
    await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Capped gateway' });
    await page.getByLabel('Users', { exact: true }).fill('2');
    await page.getByLabel('Duration', { exact: true }).fill('2s');
    await page.getByLabel('Warm-up', { exact: true }).fill('0');
    await page.getByLabel('Sweep stages', { exact: true }).fill('2, 20, 60, 120');
    await page.getByLabel('Gateway', { exact: true }).fill('LiteLLM');
    await page.getByLabel('Instances', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/\/runs\/(?!new$)[A-Za-z0-9_-]+$/);
    const firstStage = page.url().split('/').at(-1)!;
    // The whole sweep first: while stages run, the knee moves.
    await expect.poll(() => sweepCompleted(page, firstStage), { timeout: 60_000 }).toBe(true);
    await page.reload();
    const knee = page.getByTestId('sweep-knee');
    await expect(knee).toContainText('Knee:');
    await knee.getByRole('link', { name: 'Plan capacity from this knee →' }).click();
    await expect(page).toHaveURL(/\/capacity\?runs=/);
    await expect(page.getByRole('row').filter({ hasText: 'sweep knee' })).toBeVisible();

    // The sweep's first stage alone (2 users) is a closed-model run: a lower bound, said so.
    await page.goto(`/capacity?runs=${firstStage}&latencyMs=500&cpus=`);
    await expect(page.getByText(/left out: a closed-model run: its [\d.]+ RPS is what its 2 users could generate/)).toBeVisible();
    // An empty optional field (cpus=) means its default, not an error.
    await expect(page.getByText('CPUs per instance must be')).toHaveCount(0);
    await screenshot(page, 'capacity-from-sweep');

    // Its mock stops with this file: the target goes too, so later tests' default target answers.
    await page.goto('/targets');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('listitem', { name: 'Capped gateway' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('listitem', { name: 'Capped gateway' })).toHaveCount(0);
  });
});
