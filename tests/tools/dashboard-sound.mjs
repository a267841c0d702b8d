// Drives the dashboard in Debian's Chromium (playwright-core): signs in with /#token=, waits for each feed's tile to
// appear by itself and play with its sound: the picture advances (currentTime, videoWidth) and audio is decoded
// (webkitAudioDecodedByteCount > 0, the tile's Media Source types name an audio codec). The tile starts muted; its
// sound toggle unmutes it; the enlarged tile shows a volume control. Prints one JSON line per feed, then a screenshot.
// usage: node dashboard-sound.mjs URL TOKEN SCREENSHOT.png FEED...
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, token, screenshot, ...feeds] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => console.error('console:', m.text()));
  await page.goto(`${url}/#token=${token}`);
  for (const feed of feeds) {
    const tile = `.tile[data-feed="${feed}"]`;
    await page.waitForSelector(tile, { timeout: 60000 });
    await until(page, (sel) => {
      const v = document.querySelector(sel + ' video');
      return v && v.currentTime > 1.5 && v.videoWidth > 0 && v.webkitAudioDecodedByteCount > 0;
    }, tile, { timeout: 45000 });
    const first = await page.$eval(tile + ' video', (v) => ({ t: v.currentTime, audio: v.webkitAudioDecodedByteCount }));
    await until(page, ([sel, t]) => document.querySelector(sel + ' video').currentTime > t + 0.5, [tile, first.t], { timeout: 10000 });
    const before = await page.$eval(tile, (e) => ({ muted: e.querySelector('video').muted, button: e.querySelector('.sound').textContent }));
    await page.click(tile + ' .sound');
    const state = await page.$eval(tile, (e) => {
      const v = e.querySelector('video');
      return { currentTime: v.currentTime, videoWidth: v.videoWidth, audioBytes: v.webkitAudioDecodedByteCount,
        types: e.dataset.types, audio: e.dataset.audio, source: e.dataset.source, sourceLabel: e.querySelector('.source').textContent,
        mutedAfterToggle: v.muted, button: e.querySelector('.sound').textContent, enlarged: e.classList.contains('enlarged') };
    });
    console.log(JSON.stringify({ feed, firstTime: first.t, firstAudioBytes: first.audio, mutedAtStart: before.muted,
      buttonAtStart: before.button, ...state }));
  }
  // Enlarge the first tile: its volume control shows, and it sets the volume.
  const tile = `.tile[data-feed="${feeds[0]}"]`;
  await page.click(tile + ' .label');
  await page.waitForSelector(tile + '.enlarged .volume', { state: 'visible', timeout: 5000 });
  await page.$eval(tile + ' .volume', (input) => { input.value = '0.3'; input.dispatchEvent(new Event('input')); });
  const volume = await page.$eval(tile + ' video', (v) => v.volume);
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ enlarged: feeds[0], volume }));
} finally {
  await browser.close();
}
