// The browser terminal as an officer's phone uses it, in Debian's Chromium with fake camera and microphone: sign in
// at /terminal#token=, start the push, and from a second browser context (an operator) see the feed's tile play.
// Then the network is cut: the test's proxy on the terminal's WebSocket drops it and refuses to reconnect for a few
// seconds; the terminal must say "reconnexion" and go back "en direct" on the same feed. Then stop: the feed ends and
// the tile goes away. Prints one JSON line per step; the last lists every segment the server acknowledged.
// usage: node terminal-push.mjs URL TERMINAL_TOKEN OPERATOR_TOKEN FEED SCREENSHOT_PREFIX
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, terminalToken, operatorToken, feed, shots] = process.argv.slice(2);
const step = (name, data = {}) => console.log(JSON.stringify({ step: name, ...data }));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
});
const acked = [];
let cut = false;
const sockets = [];
try {
  const terminal = await (await browser.newContext({ viewport: { width: 800, height: 900 } })).newPage();
  terminal.on('console', (m) => console.error('terminal:', m.text()));
  // The network between the terminal and the server: a proxy the test can cut.
  await terminal.routeWebSocket(/\/terminal\/push\//, (ws) => {
    if (cut) { ws.close({ code: 4000, reason: "network cut" }); return; }
    const server = ws.connectToServer();
    sockets.push({ ws, server });
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (typeof m === 'string') { const j = JSON.parse(m); if (j.ack) acked.push(j.ack); }
      ws.send(m);
    });
    ws.onClose(() => server.close());
    server.onClose(() => ws.close());
  });
  await terminal.goto(`${url}/terminal#token=${terminalToken}`);
  await terminal.waitForSelector('#toggle:not([hidden])', { timeout: 30000 });
  await terminal.fill('#feed', feed);
  await terminal.fill('#camera', 'CAM-NEO2');
  await terminal.fill('#officer', 'O-42');
  await terminal.click('#toggle');
  const stateIs = (s, timeout = 30000) => until(terminal, (want) => document.getElementById('state').dataset.state === want, s, { timeout });
  await stateIs('live');
  step('live', { label: await terminal.$eval('#state', (e) => e.textContent) });

  const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  viewer.on('console', (m) => console.error('viewer:', m.text()));
  await viewer.goto(`${url}/#token=${operatorToken}&mode=hls`);
  const tile = `.tile[data-feed="${feed}"]`;
  await viewer.waitForSelector(tile, { timeout: 30000 });
  // What the tile's video had when it did not play in time: the failure then says how far it got.
  const videoState = () => viewer.$eval(tile + ' video', (v) => ({
    readyState: v.readyState, networkState: v.networkState, paused: v.paused, currentTime: v.currentTime, videoWidth: v.videoWidth,
    buffered: Array.from({ length: v.buffered.length }, (_, i) => [v.buffered.start(i), v.buffered.end(i)]), error: v.error?.message,
  })).catch((e) => String(e));
  const playing = async () => {
    // A generous bound: on a loaded 2-core machine the fake camera's H.264 encoding and hls.js's start both slow down.
    const t0 = await until(viewer, (sel) => {
      const v = document.querySelector(sel + ' video');
      return v && v.currentTime > 1 && v.videoWidth > 0 && v.currentTime;
    }, tile, { timeout: 90000 }).catch(async (e) => { throw new Error(`${e.message}; video: ${JSON.stringify(await videoState())}; acked: ${acked.length}`); });
    await until(viewer, ([sel, t]) => document.querySelector(sel + ' video').currentTime > t + 1, [tile, t0], { timeout: 20000 });
    return viewer.$eval(tile + ' video', (v) => ({ currentTime: v.currentTime, videoWidth: v.videoWidth }));
  };
  step('playing', await playing());
  await viewer.screenshot({ path: `${shots}-dashboard.png` });
  await terminal.screenshot({ path: `${shots}-terminal.png` });

  // Cut the network for three seconds.
  const ackedBeforeCut = acked.length;
  cut = true;
  for (const { ws, server } of sockets.splice(0)) { ws.close({ code: 4000, reason: "network cut" }); server.close(); }
  await stateIs('reconnecting', 10000);
  step('cut', { acked: ackedBeforeCut, label: await terminal.$eval('#state', (e) => e.textContent) });
  await new Promise((r) => setTimeout(r, 3000)); // the cut lasts three seconds (it is the condition under test, not a wait)
  cut = false;
  await stateIs('live', 20000);
  await until(terminal, (n) => Number(document.getElementById('acked').textContent.replace(/\s/g, '')) > n + 2, ackedBeforeCut, { timeout: 30000 });
  step('resumed', { acked: acked.length });

  await terminal.click('#toggle');
  await stateIs('ended', 30000);
  step('stopped', { label: await terminal.$eval('#state', (e) => e.textContent) });
  await viewer.waitForSelector(tile, { state: 'detached', timeout: 30000 });
  step('gone', { acked });
} finally {
  await browser.close();
}
