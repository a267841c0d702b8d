// An agent's view: only their own recordings are listed; playing asks for one of the four L241-1 purposes, and
// cancelling plays nothing. usage: node workspace-officer.mjs URL TOKEN OWN_ID
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';

const [url, token, own] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, '/app/recordings.html');
  await page.waitForSelector('#results tbody tr, .notice.empty');
  step('list', { ids: await page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.recording)),
    sections: await page.$$eval('.topbar nav a', (as) => as.map((a) => a.dataset.section)),
    officerFilter: (await page.$('#filter-officer')) !== null });
  await shot(page, 'officer-recordings');
  await page.goto(`${url}/app/player.html?id=${own}`);
  await page.waitForSelector('#play');
  await page.click('#play');
  await page.waitForSelector('#motif-dialog[open]');
  step('purposes', { labels: await page.$$eval('#motif-dialog .choice', (ls) => ls.map((l) => l.textContent.trim())),
    values: await page.$$eval('#motif-dialog input[name="motif"]', (is) => is.map((i) => i.value)) });
  await shot(page, 'officer-purposes');
  // Confirming without a purpose is refused in the dialog itself.
  await page.fill('#motif-reason', 'rédaction du compte rendu');
  await page.click('#motif-confirm');
  const stillOpen = await page.$('#motif-dialog[open]') !== null;
  await page.keyboard.press('Escape');
  await page.waitForSelector('#motif-dialog', { state: 'detached' });
  step('cancelled', { stillOpen, src: await page.$eval('#video', (v) => v.currentSrc), paused: await page.$eval('#video', (v) => v.paused) });
});
