// Drives the dashboard in Debian's Chromium (playwright-core, no downloaded browser): signs in with /#token=,
// waits for the feed's tile to appear by itself, for its video to play, keeps a screenshot, then waits for the
// tile to go away when the feed ends. Prints one JSON line per step.
// usage: node dashboard-live.mjs URL TOKEN FEED SCREENSHOT.png (writes SCREENSHOT.png.listening once the page listens)
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { until } from './until.mjs';


const [url, token, feed, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The page listens once its hub is connected: then SCREENSHOT.listening tells the test it may start the feed.
  const listening = new Promise((resolve) => page.on('console', (m) => {
    if (/WebSocket connected to .*\/hubs\/commandroom/.test(m.text())) resolve();
  }));
  page.on('console', (m) => console.error('console:', m.text()));
  await page.goto(`${url}/#token=${token}`);
  await listening;
  writeFileSync(`${screenshot}.listening`, '');
  const tile = `.tile[data-feed="${feed}"]`;
  await page.waitForSelector(tile, { timeout: 45000 });
  console.log(JSON.stringify({ step: 'tile' }));
  await until(page, (sel) => {
    const v = document.querySelector(sel + ' video');
    return v && v.currentTime > 1.5 && v.videoWidth > 0;
  }, tile, { timeout: 30000 });
  const t1 = await page.$eval(tile + ' video', (v) => v.currentTime);
  await page.waitForTimeout(1000);
  const state = await page.$eval(tile, (e) => {
    const v = e.querySelector('video');
    return { currentTime: v.currentTime, videoWidth: v.videoWidth, delayMs: Number(e.dataset.delayMs ?? NaN),
      label: e.querySelector('.meta').textContent };
  });
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ step: 'playing', firstTime: t1, ...state }));
  await page.waitForSelector(tile, { state: 'detached', timeout: 60000 });
  console.log(JSON.stringify({ step: 'gone' }));
} finally {
  await browser.close();
}
