// The Chronologie page over the 4 cameras × 12 hours seeded by seed.sql, in Chromium: time from navigation start to
// the chart drawn (page load, API call and drawing), and the drawing alone, over RUNS loads; p50 and max.
// usage: node timeline.mjs URL TOKEN RUNS
import { createRequire } from 'node:module';

// playwright-core is installed with the test tools.
const { chromium } = createRequire(new URL('../../tests/tools/package.json', import.meta.url))('playwright-core');

const [url, token, runs] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const total = []; const draw = []; let bars = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${url}/app/recordings.html#token=${token}`);
  await page.waitForSelector('#identity');
  for (let i = 0; i < Number(runs); i++) {
    await page.goto(`${url}/app/timeline.html?from=2026-12-01T08:00&to=2026-12-01T20:00`);
    await page.waitForSelector('#timeline-chart');
    total.push(await page.evaluate(() => performance.now()));
    draw.push(Number(await page.$eval('body', (b) => b.dataset.drawMs)));
    bars = await page.$$eval('.tl-bar', (b) => b.length);
  }
} finally {
  await browser.close();
}
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| Chronologie, 4 cameras × 12 h (${bars} bars): navigation → chart drawn | ${total.length} | ${p50(total).toFixed(0)} ms | max ${Math.max(...total).toFixed(0)} ms |`);
console.log(`| of which drawing the chart | ${draw.length} | ${p50(draw).toFixed(0)} ms | max ${Math.max(...draw).toFixed(0)} ms |`);
