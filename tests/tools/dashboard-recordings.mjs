// Drives the Enregistrements page in Debian's Chromium (playwright-core): signs in with #token=, sorted by
// reception (newest first, as the live dashboard's former recent-recordings table was), then, without reloading,
// waits for a recording docked after the page opened to show as ready. Prints one JSON line per step:
// {"step":"open"}, then the ready row's id, status and label. usage: node dashboard-recordings.mjs URL TOKEN
import { signedInPage, shot, step, withBrowser } from './workspace-lib.mjs';

const [url, token] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, '/app/recordings.html?sort=receivedAt');
  await page.waitForSelector('#count', { timeout: 30000 });
  // A mark on this document: a reload would lose it, so a ready row seen with it came by the page's own refresh.
  await page.evaluate(() => { window.openedOnce = true; });
  step('open', { count: await page.textContent('#count') });
  const row = await page.waitForSelector('#results tbody tr[data-status="ready"]', { timeout: 150000 });
  const state = await row.evaluate((r) => ({ sameDocument: window.openedOnce === true,
    id: r.dataset.recording, status: r.dataset.status, label: r.cells[8].firstChild.textContent,
    progress: r.querySelector('progress') === null,
  }));
  step('ready', state);
  await shot(page, 'recordings-arrived');
});
