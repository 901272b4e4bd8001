import { expect, test } from '@playwright/test';
import { screenshot } from './screenshot';

test('the capacity page answers from URL parameters alone, with its working', async ({ page }) => {
  await page.goto('/capacity?targetRps=1000&latencyMs=200&headroom=0.3');
  const concurrency = page.getByTestId('concurrency');
  await expect(concurrency).toContainText('260');
  await expect(concurrency).toContainText('0.2 s × 1000 × 1.3 = 260');
  await expect(page.getByTestId('sizing')).toContainText('1000 RPS falls in the 1–2K RPS band.');

  // The reference LiteLLM runs: 2 → 1,035.7 RPS, 4 → 1,170 RPS. By hand, the fitted curve
  // needs 18 instances for 1,300 RPS; linear scaling would have said 3.
  await page.goto('/capacity?targetRps=1000&latencyMs=200&headroom=0.3&points=2:1035.7,4:1170&cpus=4&poolLimit=10');
  const instances = page.getByTestId('instances');
  await expect(instances).toContainText('18');
  await expect(instances).toContainText('linear scaling would have said 3');
  await expect(instances).toContainText('Only 2 instance counts measured');
  await expect(page.getByText('pool limit × instances = 10 × 18 = 180')).toBeVisible();
  await screenshot(page, 'capacity-plan');
});

test('the capacity page says what is wrong with an input', async ({ page }) => {
  await page.goto('/capacity?targetRps=lots&points=2=1000');
  await expect(page.getByText('target RPS must be a number')).toBeVisible();
});

