// The live grid's click-through: signs in on the dashboard, waits for FEED's tile to play, then double-clicks it and
// reads the feed's page (camera, agent, position, started at, viewers, source, hash chain); keeps screenshots.
// Prints one JSON line per step. usage: node dashboard-feed-page.mjs URL TOKEN FEED SCREENSHOT_PREFIX
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, token, feed, prefix] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${url}/#token=${token}`);
  const tile = `.tile[data-feed="${feed}"]`;
  await page.waitForSelector(tile, { timeout: 60000 });
  await until(page, (sel) => {
    const v = document.querySelector(sel + ' video');
    return v && v.currentTime > 1 && v.videoWidth > 0;
  }, tile, { timeout: 60000 });
  const link = await page.$eval(`${tile} a.feed-page`, (a) => ({ href: a.getAttribute('href'), text: a.textContent }));
  console.log(JSON.stringify({ step: 'tile', link }));
  await page.screenshot({ path: `${prefix}-grid.png` });
  await page.dblclick(`${tile} video`);
  await page.waitForSelector('#feed-facts', { timeout: 30000 });
  // The grid's viewer left with the page: the count on this node drops to 0 (the page refreshes every 5 s).
  await until(page, () => document.querySelector('[data-field="viewersNow"]')?.textContent === '0', null, { timeout: 30000 });
  const facts = await page.$$eval('#feed-facts dd', (dd) => Object.fromEntries(dd.map((d) => [d.dataset.field, d.textContent])));
  const viewers = await page.$$eval('#feed-viewers li', (li) => li.map((l) => ({ subject: l.dataset.subject, text: l.textContent })));
  console.log(JSON.stringify({ step: 'page', url: page.url(), title: await page.textContent('h1'), facts, viewers,
    chain: await page.textContent('#feed-chain'), section: await page.$eval('[data-section="live"]', (a) => a.getAttribute('aria-current')) }));
  await page.screenshot({ path: `${prefix}-page.png`, fullPage: true });
  await page.goto(`${url}/app/feed.html?id=no-such-feed`);
  await page.waitForSelector('.notice.error');
  console.log(JSON.stringify({ step: 'unknown', text: await page.textContent('.notice.error') }));
} finally {
  await browser.close();
}
