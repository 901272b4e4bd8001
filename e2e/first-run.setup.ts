import { expect, test } from '@playwright/test';
import { ADMIN, adminStatePath } from './accounts';
import { screenshot } from './screenshot';

test('a fresh install asks for the first admin, then the first-run screen is gone', async ({ page, request, browser, baseURL }) => {
  // Before any admin exists, everything leads to the first-run screen.
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  expect((await request.get('/api/runs/abc/live')).status()).toBe(401);

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Password again').fill('short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page.getByText('use at least 12 characters')).toBeVisible();
  await screenshot(page, 'setup');

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Password again').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(`${ADMIN.email} admin`);

  const cookie = (await page.context().cookies()).find((c) => c.name === 'gb_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });

  // Now the first-run screen sends everyone to sign in.
  const stranger = await browser.newContext({ baseURL });
  const anonymous = await stranger.newPage();
  await anonymous.goto('/setup');
  await expect(anonymous).toHaveURL(/\/sign-in$/);
  await stranger.close();

  await page.context().storageState({ path: adminStatePath() });
});
