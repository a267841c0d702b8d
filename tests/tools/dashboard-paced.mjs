// A terminal whose files reach the server in an order the test chooses, watched by an operator's dashboard opened in
// between: the files in FIRST are pushed (the feed starts, its tile appears), the dashboard is opened (MODE hls: the
// HLS relay through hls.js; socket: the low-latency stream) and waits for the tile; with hls it also waits for the
// relay to answer the playlist "not yet" (the feed has no whole segment). Then the files in REST are pushed one by one,
// PACE ms after each picture segment (as a live pusher sends them), and the tile must play.
// Prints one JSON line per step: tile, starting (hls: the early answer), playing (with the tile's audio and types).
// usage: node dashboard-paced.mjs URL OPERATOR_TOKEN TERMINAL_TOKEN FEED FOLDER MODE PACE SCREENSHOT FIRST,… REST,…
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, operatorToken, terminalToken, feed, folder, mode, pace, screenshot, first, rest] = process.argv.slice(2);
const step = (name, data = {}) => console.log(JSON.stringify({ step: name, ...data }));
const push = async (name) => {
  const response = await fetch(`${url}/live/${feed}/${name}`, {
    method: 'PUT', headers: { Authorization: `Bearer ${terminalToken}` }, body: await readFile(join(folder, name)),
  });
  if (response.status !== 204) throw new Error(`PUT ${name}: ${response.status} ${await response.text()}`);
};
const picture = (name) => !/init/.test(name) && !/stream[1-9]/.test(name);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  for (const name of first.split(',')) await push(name);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => console.error('console:', m.text()));
  const early = mode === 'hls'
    ? page.waitForResponse((r) => r.url().includes(`/relay/${feed}/index.m3u8`) && r.status() === 404, { timeout: 30000 })
    : null;
  await page.goto(`${url}/#token=${operatorToken}${mode === 'hls' ? '&mode=hls' : ''}`);
  const tile = `.tile[data-feed="${feed}"]`;
  await page.waitForSelector(tile, { timeout: 30000 });
  step('tile');
  if (early) {
    const response = await early;
    const body = await response.json();
    step('starting', { status: response.status(), code: body.code, retryAfter: response.headers()['retry-after'] ?? null,
      type: response.headers()['content-type'] });
  } else {
    // The low-latency player makes its SourceBuffers with the first fragment: the streams it knows then.
    await until(page, (sel) => document.querySelector(sel).dataset.types, tile, { timeout: 30000 });
  }
  // The rest streams in while the tile is watched, as from a live pusher (a feed silent for 15 s would end).
  const pushing = (async () => {
    for (const name of rest.split(',')) {
      await push(name);
      if (picture(name)) await new Promise((resolve) => setTimeout(resolve, Number(pace))); // a live pusher's pace, not a wait
    }
  })();
  const t0 = await until(page, (sel) => {
    const v = document.querySelector(sel + ' video');
    return v && v.currentTime > 1 && v.videoWidth > 0 && v.currentTime;
  }, tile, { timeout: 30000 });
  await until(page, ([sel, t]) => document.querySelector(sel + ' video')?.currentTime > t + 0.5, [tile, t0], { timeout: 20000 });
  const state = await page.$eval(tile, (e) => {
    const v = e.querySelector('video');
    return { currentTime: v.currentTime, videoWidth: v.videoWidth, audio: e.dataset.audio ?? null, types: e.dataset.types ?? null,
      decodedAudio: v.webkitAudioDecodedByteCount };
  });
  await page.screenshot({ path: screenshot });
  step('playing', { firstTime: t0, ...state });
  await pushing;
} finally {
  await browser.close();
}
