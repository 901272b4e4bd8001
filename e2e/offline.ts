import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** Opens a saved HTML file with every network request refused, and counts the ones it tried. */
export async function openOffline(page: Page, html: string): Promise<{ attempts: string[] }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.html');
  fs.writeFileSync(file, html);
  const attempts: string[] = [];
  await page.context().setOffline(true);
  await page.route(/^(?!file:)/, (route) => {
    attempts.push(route.request().url());
    return route.abort();
  });
  await page.goto(`file://${file}`);
  return { attempts };
}
