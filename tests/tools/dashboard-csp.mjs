// Opens the dashboard's pages in Debian's Chromium under the server's Content-Security-Policy and reports every
// violation (the securitypolicyviolation event and the console's "Refused to …" lines), after the live page has
// played the given feed (hls.js worker, Media Source blob: URLs, SignalR and relay WebSockets), the feed's page has
// loaded, and the Affaires page (where the former exports page leads) has loaded its exports. Prints one JSON line.
// usage: node dashboard-csp.mjs URL OPERATOR_TOKEN FEED
import { chromium } from 'playwright-core';
import { until } from './until.mjs';


const [url, token, feed] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
const violations = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.exposeBinding('reportViolation', (_, v) => violations.push(v));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.reportViolation({ directive: e.violatedDirective, blocked: e.blockedURI, page: location.pathname })));
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push({ console: m.text() }); });
  await page.goto(`${url}/#token=${token}`);
  const tile = `.tile[data-feed="${feed}"]`;
  await page.waitForSelector(tile, { timeout: 45000 });
  await until(page, (sel) => {
    const v = document.querySelector(sel + ' video');
    return v && v.currentTime > 1 && v.videoWidth > 0;
  }, tile, { timeout: 30000 });
  const playing = await page.$eval(tile + ' video', (v) => ({ currentTime: v.currentTime, src: v.currentSrc.split(':')[0] }));
  // The feed's page (the grid's click-through), then the Affaires with their exports, where the former exports page leads.
  await page.goto(`${url}/app/feed.html?id=${encodeURIComponent(feed)}`);
  await page.waitForSelector('#feed-facts', { timeout: 20000 });
  await page.goto(`${url}/commandroom/exports.html`);
  await page.waitForSelector('#outside-exports', { timeout: 20000 });
  console.log(JSON.stringify({ playing, violations }));
} finally {
  await browser.close();
}
