// Glass-to-glass in a real browser: Debian's Chromium (playwright-core from tests/tools) opens the dashboard, which
// shows every live feed; each tile computes its delay as now − (producer wall-clock of the frame on screen, from the
// fragments' prft boxes and video.currentTime). Samples every tile every 250 ms after a 5 s warm-up.
// usage: node browser.mjs BASE TOKEN MODE(ws|hls) FEEDS SECONDS
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../tests/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, token, mode, feeds, seconds] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(`${base}/#token=${token}${mode === 'hls' ? '&mode=hls' : ''}&reason=benchmark`);
// A locator, not waitForFunction: its re-evaluated string is refused by the dashboard's CSP (no 'unsafe-eval').
await page.locator('.tile').nth(Number(feeds) - 1).waitFor({ timeout: 30000 });
await page.waitForTimeout(5000);
const samples = [];
const end = Date.now() + Number(seconds) * 1000;
while (Date.now() < end) {
  const values = await page.$$eval('.tile', (tiles) => tiles.map((t) => Number(t.dataset.delayMs)).filter((x) => Number.isFinite(x)));
  samples.push(...values);
  await page.waitForTimeout(250);
}
await browser.close();
const s = samples.sort((a, b) => a - b);
const at = (p) => s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
console.log(JSON.stringify({ mode, n: s.length, p50: Math.round(at(0.5)), p95: Math.round(at(0.95)) }));
