// Headless Chromium on the dashboard (its HLS mode, which plays video with AAC or Opus sound whatever the
// low-latency player knows): signs in with /#token=, waits for FEED's tile to appear and play, keeps a screenshot.
// Prints one JSON line per step. usage: node dashboard-tile.mjs URL OPERATOR_TOKEN FEED SCREENSHOT.png
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, token, feed, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => console.error('console:', m.text()));
  await page.goto(`${url}/#token=${token}&mode=hls`);
  const tile = `.tile[data-feed="${feed}"]`;
  await page.waitForSelector(tile, { timeout: 60000 });
  console.log(JSON.stringify({ step: 'tile' }));
  await until(page, (sel) => {
    const v = document.querySelector(sel + ' video');
    return v && v.currentTime > 1 && v.videoWidth > 0;
  }, tile, { timeout: 60000 });
  const firstTime = await page.$eval(tile + ' video', (v) => v.currentTime);
  await until(page, ([sel, t]) => document.querySelector(sel + ' video').currentTime > t + 1, [tile, firstTime], { timeout: 20000 });
  const state = await page.$eval(tile, (e) => {
    const v = e.querySelector('video');
    return { currentTime: v.currentTime, videoWidth: v.videoWidth, label: e.querySelector('.meta') ? e.querySelector('.meta').textContent : '' };
  });
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ step: 'playing', firstTime, ...state }));
} finally {
  await browser.close();
}
