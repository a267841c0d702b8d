// Drives the dashboard in Debian's Chromium (playwright-core): signs in with /#token=, then, without reloading,
// waits for a recording docked after the page opened to show as ready in the recent-recordings table (the hub
// pushes progress). Prints one JSON line per step: {"step":"open"}, then the ready row's id, status and label.
// usage: node dashboard-recordings.mjs URL TOKEN
import { chromium } from 'playwright-core';

const [url, token] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error('console:', m.text()));
  await page.goto(`${url}/#token=${token}`);
  await page.waitForSelector('#recordings:not([hidden])', { timeout: 30000 });
  // A mark on this document: a reload would lose it, so a ready row seen with it came by the hub.
  await page.evaluate(() => { window.openedOnce = true; });
  console.log(JSON.stringify({ step: 'open' }));
  const row = await page.waitForSelector('#recordings tbody tr[data-status="ready"]', { timeout: 150000 });
  const state = await row.evaluate((r) => ({ sameDocument: window.openedOnce === true,
    id: r.dataset.recording, status: r.dataset.status, label: r.cells[5].textContent, progress: r.querySelector('progress').value,
  }));
  console.log(JSON.stringify({ step: 'ready', ...state }));
} finally {
  await browser.close();
}
