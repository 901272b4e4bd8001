import { expect, test } from '@playwright/test';
import { screenshot } from './screenshot';

// A fresh database: this file runs before the ones that create runs (files run in name
// order, one worker). The built-in Mock OpenAI target exists from the first start.

test('a newcomer lands on the overview and is told what to do first', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Getting started' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a target' })).toHaveAttribute('href', '/targets');
  await expect(page.getByText('1 target saved, no runs yet.')).toBeVisible();
  await screenshot(page, 'home');
});

const pages = [
  { nav: 'Runs', path: '/runs', heading: 'Runs', empty: 'No runs yet' },
  { nav: 'New run', path: '/runs/new', heading: 'New run', empty: undefined },
  { nav: 'Compare', path: '/compare', heading: 'Compare', empty: 'Nothing to compare yet' },
  { nav: 'Capacity', path: '/capacity', heading: 'Capacity', empty: undefined },
  { nav: 'Targets', path: '/targets', heading: 'Targets', empty: undefined },
  { nav: 'Benchmarks', path: '/benchmarks', heading: 'Benchmarks', empty: 'No benchmarks yet' },
  { nav: 'Workers', path: '/workers', heading: 'Workers', empty: 'No workers yet' },
];

for (const item of pages) {
  test(`the ${item.nav} page opens from the navigation`, async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: item.nav, exact: true }).click();
    await expect(page).toHaveURL(item.path);
    await expect(page.getByRole('heading', { level: 1, name: item.heading })).toBeVisible();
    if (item.empty) await expect(page.getByRole('heading', { name: item.empty })).toBeVisible();
    await expect(page.getByRole('link', { name: item.nav, exact: true })).toHaveAttribute('aria-current', 'page');
    await screenshot(page, item.path.slice(1).replaceAll('/', '-'));
  });
}

test('an unknown address says so', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the health endpoint reports the database and every migration applied', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe('ok');
  expect(body.database.status).toBe('up');
  expect(body.migrations.applied).toBeGreaterThanOrEqual(1);
  expect(body.migrations.applied).toBe(body.migrations.expected);
});

test('pages cannot be framed, sniffed, or leak their address to other sites', async ({ request }) => {
  for (const path of ['/', '/sign-in', '/api/health']) {
    const headers = (await request.get(path)).headers();
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
  }
});
