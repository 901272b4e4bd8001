import type { Page } from '@playwright/test';

/** Full-page screenshots land in e2e/screenshots/ to be looked at after a run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}
