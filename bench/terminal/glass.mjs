// Glass-to-glass in Debian's Chromium: a browser terminal whose "camera" is a canvas with the wall clock burnt in
// (captureStream, handed to /terminal in place of getUserMedia) pushes through /terminal; the operator's dashboard
// (low-latency WebSocket tiles) shows it beside the ffmpeg and RTMP feeds the run pushes with the same burnt-in clock.
// For each presented frame of each tile (requestVideoFrameCallback) the clock is read back from the picture:
// delay = now − the time burnt in. Also samples the tiles' own prft-based « délai mesuré ».
// usage: node glass.mjs BASE TERMINAL_TOKEN OPERATOR_TOKEN SECONDS FEED...
import { createRequire } from 'node:module';
import { pageSource } from './clock.mjs';
// The dashboard's CSP (no 'unsafe-eval') refuses waitForFunction's string: poll with the tests' until().
import { until } from '../../tests/tools/until.mjs';
const require = createRequire(new URL('../../tests/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, terminalToken, operatorToken, seconds, ...feeds] = process.argv.slice(2);
const browserFeed = feeds[0];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'] });
try {
  const terminal = await (await browser.newContext({ viewport: { width: 800, height: 900 } })).newPage();
  await terminal.addInitScript(`(() => {
    ${pageSource}
    const canvas = document.createElement('canvas'); canvas.width = 640; canvas.height = 360;
    const ctx = canvas.getContext('2d'); let n = 0;
    setInterval(() => {
      ctx.fillStyle = '#405060'; ctx.fillRect(0, 0, 640, 360);
      ctx.fillStyle = '#c0c0c0'; ctx.fillRect((n++ * 8) % 640, 120, 40, 240);
      paint(ctx, 640, Date.now());
    }, 40);
    const stream = canvas.captureStream(25);
    // a fresh clone each time: the page stops the tracks of the stream it had before asking again
    navigator.mediaDevices.getUserMedia = async () => new MediaStream(stream.getVideoTracks().map((t) => t.clone()));
    navigator.mediaDevices.enumerateDevices = async () => [{ kind: 'videoinput', deviceId: 'canvas', label: 'horloge' }];
  })()`);
  await terminal.goto(`${base}/terminal#token=${terminalToken}`);
  await terminal.waitForSelector('#toggle:not([hidden])', { timeout: 60000 });
  await terminal.fill('#feed', browserFeed);
  await terminal.click('#toggle');
  await until(terminal, () => document.getElementById('state').dataset.state === 'live', null, { timeout: 60000 });

  const viewer = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  await viewer.goto(`${base}/#token=${operatorToken}&reason=benchmark`);
  await until(viewer, (fs) => fs.every((f) => document.querySelector(`.tile[data-feed="${f}"] video`)), feeds, { timeout: 60000 });
  await viewer.waitForTimeout(5000); // warm-up: the tiles' catch-up settles
  await viewer.evaluate(`(() => {
    ${pageSource}
    window.glass = {}; window.tileDelay = {};
    for (const tile of document.querySelectorAll('.tile')) {
      const feed = tile.dataset.feed, video = tile.querySelector('video');
      const canvas = new OffscreenCanvas(320, 180), ctx = canvas.getContext('2d', { willReadFrequently: true });
      glass[feed] = []; tileDelay[feed] = [];
      const onFrame = () => {
        if (video.videoWidth > 0) {
          canvas.width = 320; canvas.height = Math.round(320 * video.videoHeight / video.videoWidth);
          ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
          const d = read(ctx.getImageData(0, 0, canvas.width, canvas.height));
          if (d !== null && d >= 0 && d < 60000) glass[feed].push(d);
          const t = Number(tile.dataset.delayMs); if (Number.isFinite(t)) tileDelay[feed].push(t);
        }
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
  })()`);
  await viewer.waitForTimeout(Number(seconds) * 1000);
  const result = await viewer.evaluate(() => ({ glass: window.glass, tile: window.tileDelay }));
  const stats = (values) => {
    const s = [...values].sort((a, b) => a - b), at = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
    return { n: s.length, p50: Math.round(at(0.5)), p95: Math.round(at(0.95)) };
  };
  const out = {};
  for (const f of feeds) out[f] = { glass: stats(result.glass[f] || []), tile: stats(result.tile[f] || []) };
  console.log(JSON.stringify(out));
  await terminal.click('#toggle');
  await until(terminal, () => document.getElementById('state').dataset.state === 'ended', null, { timeout: 30000 }).catch(() => {});
} finally {
  await browser.close();
}
