/**
 * What a user sees when things go wrong: a target that is not there, cancels while a run is
 * waiting (think time, spawn ramp, warm-up, mid-sweep), a server limit refused on its field,
 * API bodies for bad input, a page their role does not open, and a comparison of runs that
 * do not exist.
 */
import { expect, test, type Page } from '@playwright/test';
import { freePort } from './own-server';
import { screenshot } from './screenshot';

test.describe.configure({ mode: 'serial' });

const VIEWER = { email: 'error-paths-viewer@example.com', password: 'viewer password 34' };

async function startRun(page: Page, fields: Record<string, string>, options: { requestCount?: boolean } = {}): Promise<string> {
  await page.goto('/runs/new');
  if (options.requestCount) await page.getByLabel('Stop after a request count').check();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]{10}$/);
  return page.url().split('/runs/')[1];
}

/** Presses Cancel and expects the cancelled banner promptly: the run must not wait out what it was waiting on. */
async function cancelPromptly(page: Page) {
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This run was cancelled' })).toBeVisible({ timeout: 8000 });
  expect(Date.now() - pressed).toBeLessThan(8000);
}

test('a target nothing listens on: the connection test says so, a run is refused before any load, and one started anyway ends failed, saying why', async ({ page }) => {
  const deadPort = await freePort();
  await page.goto('/targets');
  const form = page.getByRole('form', { name: 'New target' });
  await form.getByLabel('Name').fill('Dead end');
  await form.getByLabel('Base URL').fill(`http://127.0.0.1:${deadPort}`);
  await form.getByRole('button', { name: 'Add target' }).click();
  await expect(page.getByText('Saved "Dead end".')).toBeVisible();
  const row = page.getByRole('listitem', { name: 'Dead end' });
  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByRole('status')).toContainText(`Failed: connection refused: nothing listens at 127.0.0.1:${deadPort}`);
  await screenshot(page, 'target-dead');

  // The probe refuses the run on the Target field, and the form keeps every choice.
  await page.goto('/runs/new');
  const deadId = (await page.getByLabel('Target', { exact: true }).locator('option', { hasText: 'Dead end' }).getAttribute('value'))!;
  await page.getByLabel('Target', { exact: true }).selectOption(deadId);
  await page.getByLabel('Users', { exact: true }).fill('1');
  await page.getByLabel('Duration', { exact: true }).fill('2s');
  await page.getByLabel('Warm-up', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText(`the target did not answer one request, so the run was not started: connection refused: nothing listens at 127.0.0.1:${deadPort}`, { exact: false }).first()).toBeVisible();
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue(deadId);

  // Started anyway: failed, with the reason, and no throughput to top the history with.
  await page.getByLabel('Start without checking that the target answers').check();
  await page.getByRole('button', { name: 'Start run' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'This run failed.' });
  await expect(banner).toContainText(`No request succeeded: nothing listens on 127.0.0.1:${deadPort}: connection refused.`, { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Summary' })).toContainText('0.0');
  const failures = page.getByRole('table', { name: 'Failures by class' });
  await expect(failures).toContainText('connection_refused');
  await screenshot(page, 'run-dead-target');
  const failedRun = page.url().split('/runs/')[1];
  await page.goto('/runs?sort=rps');
  await expect(page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first()).not.toContainText(failedRun);

  // Deleting the target keeps its run, with the target's name as it was.
  await page.goto('/targets');
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await page.goto(`/runs/${failedRun}`);
  await expect(page.getByText('Dead end').first()).toBeVisible();
});

test('cancel during a 30 s think time ends the run at once', async ({ page }) => {
  await startRun(page, { Users: '2', 'Think time min (ms)': '30000', 'Think time max (ms)': '30000', Duration: '2m', 'Warm-up': '0' });
  await expect(page.getByTestId('live-requests')).toHaveText('2', { timeout: 10_000 });
  await cancelPromptly(page);
  await expect(page.getByRole('table', { name: 'Summary' })).toContainText('2');
});

test('cancel during a slow spawn ramp ends the run at once', async ({ page }) => {
  await startRun(page, { Users: '5', 'Spawn rate (users/s)': '0.1', Duration: '2m', 'Warm-up': '0' });
  await expect(page.getByTestId('live-requests')).not.toHaveText('0', { timeout: 10_000 });
  await cancelPromptly(page);
});

test('cancel during warm-up ends the run with nothing measured', async ({ page }) => {
  await startRun(page, { Users: '2', Duration: '1m', 'Warm-up': '1m' });
  await expect(page.getByRole('button', { name: 'Cancel run' })).toBeVisible();
  await page.waitForTimeout(1500);
  await cancelPromptly(page);
});

test('cancel mid-sweep stops this stage and the ones after it', async ({ page }) => {
  await startRun(page, { Duration: '30s', 'Sweep stages': '1, 2, 3', 'Warm-up': '0' });
  await expect(page.getByTestId('live-requests')).not.toHaveText('0', { timeout: 10_000 });
  await cancelPromptly(page);
  const sweep = page.getByRole('region', { name: 'Sweep' }).getByRole('table', { name: 'Stages' });
  await sweep.getByRole('link').nth(2).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This run was cancelled' })).toContainText('Cancelled before this stage started.');
});

test('a run over a server limit is refused on the field concerned, naming the setting', async ({ page }) => {
  await page.goto('/runs/new');
  await page.getByLabel('Users', { exact: true }).fill('5001');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByLabel('Users', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need attention' })).toContainText('at most 5,000 users on this server (MAX_USERS)');
  await screenshot(page, 'runs-new-limit');
});

test('the runs API answers bad input with 422 and the fields, and oversized bodies with 413', async ({ page, baseURL }) => {
  const headers = { origin: baseURL! };
  await page.goto('/runs/new');
  const targetId = await page.getByLabel('Target', { exact: true }).inputValue();
  const invalid = await page.request.post('/api/runs', { headers, data: { targetId, users: '0', duration: 'soon' } });
  expect(invalid.status()).toBe(422);
  const body = await invalid.json();
  expect(body.error).toBe('invalid run');
  expect(body.fields).toMatchObject({ users: 'at least 1 user', duration: expect.stringContaining('a duration like 30s') });
  const huge = await page.request.post('/api/runs', { headers, data: { tags: 'x'.repeat(70_000) } });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error).toBe("the body is over 64 KB: send only the run's fields");
});

test('a viewer opening Settings is told what their role cannot do', async ({ page, browser, baseURL }) => {
  await page.goto('/users');
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Email').fill(VIEWER.email);
  await form.getByLabel('Initial password').fill(VIEWER.password);
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`Added ${VIEWER.email} as viewer.`)).toBeVisible();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto('/sign-in?next=/settings');
  await viewer.getByLabel('Email').fill(VIEWER.email);
  await viewer.getByLabel('Password').fill(VIEWER.password);
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await expect(viewer).toHaveURL(/\/settings$/);
  const refusal = viewer.getByRole('alert').filter({ hasText: 'Your role (viewer) cannot change settings.' });
  await expect(refusal).toContainText('It needs the admin role; ask an admin to change yours on the Users page.');
  await screenshot(viewer, 'settings-as-viewer');
  await context.close();
});

test('a comparison of ids that are not runs says which, and offers to pick runs', async ({ page }) => {
  await page.goto('/compare?runs=NotARun001,NotARun002');
  await expect(page.getByRole('heading', { name: 'Not enough of these runs exist' })).toBeVisible();
  await expect(page.getByText('No run NotARun001, NotARun002; it may have been deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pick runs' })).toHaveAttribute('href', '/runs');
  await page.goto('/compare?runs=<script>,x');
  await expect(page.getByRole('heading', { name: 'This comparison cannot be shown' })).toBeVisible();
  await screenshot(page, 'compare-missing');
});
