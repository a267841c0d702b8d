// Sound in every tile: Debian's Chromium (playwright-core from tests/tools) opens the dashboard, waits for the FEEDS
// tiles PREFIX0… to play, and counts those whose video element decoded sound (webkitAudioDecodedByteCount > 0) and
// whose picture advances.
// usage: node browser-sound.mjs BASE TOKEN PREFIX FEEDS
import { createRequire } from 'node:module';
// The dashboard's CSP (no 'unsafe-eval') refuses waitForFunction's string: poll with the tests' until().
import { until } from '../../tests/tools/until.mjs';
const require = createRequire(new URL('../../tests/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, token, prefix, feeds] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${base}/#token=${token}&reason=benchmark`);
  const selector = `.tile[data-feed^="${prefix}"]`;
  await until(page, ([s, n]) => document.querySelectorAll(s).length >= n, [selector, Number(feeds)], { timeout: 30000 });
  // Up to 20 s for every tile to have played a second and a half with sound.
  await until(page, (s) => [...document.querySelectorAll(s)].every((t) => {
    const v = t.querySelector('video');
    return v.currentTime > 1.5 && v.webkitAudioDecodedByteCount > 0;
  }), selector, { timeout: 20000 }).catch(() => {});
  const state = await page.$$eval(selector, (tiles) => tiles.map((t) => {
    const v = t.querySelector('video');
    return { playing: v.currentTime > 1.5 && v.videoWidth > 0, sound: v.webkitAudioDecodedByteCount > 0 };
  }));
  console.log(JSON.stringify({ tiles: state.length, playing: state.filter((s) => s.playing).length, withSound: state.filter((s) => s.sound).length }));
} finally {
  await browser.close();
}
