// The Lecteur's seek, in Chromium: the player page (/app/player.html, motif dialog answered) of a long recording and a
// bare hls.js page (hls.js defaults, the same playlist URL, served at the same origin through Playwright's routing so
// that only the page differs) play the same proxy; each seeks to the same SEEKS positions, drawn at random (seeded),
// and the time from setting currentTime to the first frame presented at the new position (requestVideoFrameCallback)
// is taken. Positions alternate which page goes first (A B B A…), so neither always finds the segments in the page
// cache the other warmed. Prints Markdown rows: p50/p95 per page and the ratio.
// usage: node seek.mjs URL TOKEN RECORDING_ID SEEKS [SEED]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(new URL('../../tests/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const hlsJs = readFileSync(new URL('../../src/CommandRoom/web/node_modules/hls.js/dist/hls.min.js', import.meta.url));

const [url, token, id, seeksArg, seedArg] = process.argv.slice(2);
const seeks = Number(seeksArg || 20);
let seed = Number(seedArg || 16);
const random = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };

// In the page: seek to `to` and wait for the first frame presented at or just after it (a seek lands on a keyframe at
// or before `to`, then decodes up to it); resolves with the milliseconds taken.
const seekOnce = (to) => new Promise((resolve, reject) => {
  const video = document.querySelector('video');
  const started = performance.now();
  const timer = setTimeout(() => reject(new Error(`no frame 20 s after seeking to ${to}`)), 20000);
  const onFrame = (_, meta) => {
    if (meta.mediaTime >= to - 0.25 && meta.mediaTime < to + 10) { clearTimeout(timer); resolve(performance.now() - started); return; }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  video.currentTime = to;
  if (video.paused) video.play().catch(() => {});
});

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const consultation = new URLSearchParams({ access_token: token, reason: 'banc d’essai du lecteur', motif: 'pedagogique' });
  const playlist = `/api/recordings/${id}/playback/index.m3u8?${consultation}`;
  await context.route(`${url}/bench-baseline/hls.min.js`, (r) => r.fulfill({ body: hlsJs, contentType: 'text/javascript' }));
  await context.route(`${url}/bench-baseline/index.html`, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html><body><video muted playsinline style="width:960px"></video><script src="/bench-baseline/hls.min.js"></script>
<script>const hls = new Hls(); hls.loadSource(${JSON.stringify(playlist)}); hls.attachMedia(document.querySelector('video'));
document.querySelector('video').play().catch(() => {});</script></body></html>` }));

  const app = await context.newPage();
  await app.goto(`${url}/app/recordings.html#token=${token}`);
  await app.waitForSelector('#identity');
  await app.goto(`${url}/app/player.html?id=${id}`);
  await app.click('#play');
  await app.waitForSelector('#motif-dialog[open]');
  await app.check('input[name="motif"][value="pedagogique"]');
  await app.fill('#motif-reason', 'banc d’essai du lecteur');
  await app.click('#motif-confirm');
  const base = await context.newPage();
  await base.goto(`${url}/bench-baseline/index.html`);
  // Both playing (polled: the app page's CSP refuses waitForFunction's string evaluation).
  for (const p of [app, base])
    for (let i = 0; ; i++) {
      if (await p.evaluate(() => document.querySelector('video').currentTime > 0.5)) break;
      if (i > 600) throw new Error('the video did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  const duration = await app.evaluate(() => document.querySelector('video').duration);
  const positions = Array.from({ length: seeks }, () => Math.round(random() * (duration - 30) * 10) / 10);
  const times = { app: [], base: [] };
  for (const [i, to] of positions.entries()) {
    const order = i % 4 === 0 || i % 4 === 3 ? ['app', 'base'] : ['base', 'app'];
    for (const name of order) {
      const page = name === 'app' ? app : base, other = name === 'app' ? base : app;
      await other.evaluate(() => document.querySelector('video').pause());
      // The page measured is the one in front: a page behind has its frame callbacks and timers throttled to about
      // once a second (the first run, without this, measured the throttle: ~1 s for every seek of the page behind).
      await page.bringToFront();
      // …and once in front, it draws a few frames before the seek, so that the wake-up is not counted either.
      await page.evaluate(() => new Promise((resolve) => {
        const video = document.querySelector('video');
        let n = 0;
        const next = () => (++n >= 5 ? resolve() : video.requestVideoFrameCallback(next));
        if (video.paused) video.play().catch(() => {});
        video.requestVideoFrameCallback(next);
      }));
      times[name].push(await page.evaluate(seekOnce, to));
    }
  }
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const pct = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
  const row = (label, xs) => `| ${label} | ${xs.length} | ${pct(xs, 0.5).toFixed(0)} ms | ${pct(xs, 0.95).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms |`;
  console.log(`Recording of ${(duration / 3600).toFixed(2)} h; positions (s): ${positions.join(', ')}`);
  console.log('| seek → first frame | seeks | p50 | p95 | max |');
  console.log('|---|---|---|---|---|');
  console.log(row('Lecteur (/app/player.html)', times.app));
  console.log(row('bare hls.js page (baseline)', times.base));
  console.log(`| ratio Lecteur / baseline | | ${(pct(times.app, 0.5) / pct(times.base, 0.5)).toFixed(2)} | ${(pct(times.app, 0.95) / pct(times.base, 0.95)).toFixed(2)} | |`);
  console.log(JSON.stringify(times));
} finally {
  await browser.close();
}
