// Live tiles outlive their first access token (tests/tools/oidc-provider.mjs, short-lived tokens renewed by the
// session): signs in at the provider on Direct (/), waits for FEED's tile to play over the low-latency WebSocket, then,
// once that socket's token has expired, drops the relay's and the hub's WebSockets (as a network change or a node
// restarting does): both connect again with the session's current token, and the tile plays on. Then the HLS mode
// (#mode=hls), whose every playlist and segment request carries the token: it plays on past its first token's expiry
// without a refusal. Prints one JSON line per step. usage: node dashboard-renewal.mjs URL FEED
import { withBrowser, shot, step } from './workspace-lib.mjs';
import { until } from './until.mjs';

const [base, feed] = process.argv.slice(2);
const url = base.replace(/\/$/, '');
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
const tokenOf = (address) => new URL(address).searchParams.get('access_token');
const tile = `.tile[data-feed="${feed}"]`;
const sockets = { relay: [], hub: [] };

/** Waits until the tile's video has advanced `seconds` from where it is now. */
async function advances(page, seconds) {
  const t = await until(page, (sel) => { const v = document.querySelector(sel + ' video'); return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime; },
    tile, { timeout: 60000 });
  return until(page, ([sel, from, by]) => { const v = document.querySelector(sel + ' video'); return v && v.currentTime > from + by && v.currentTime; },
    [tile, t, seconds], { timeout: 60000 });
}

/** Waits until the wall clock is past a token's expiry (the server refuses it from then on). */
const pastExpiry = (page, jwt) => until(page, (exp) => Date.now() / 1000 > exp + 1, claims(jwt).exp, { timeout: 90000 });

await withBrowser(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const refused = [];
  page.on('response', (r) => { if (r.status() === 401) refused.push(new URL(r.url()).pathname); });
  // What each HLS request of the relay carried: the server tolerates some clock skew past a token's expiry, so the
  // test reads the token sent rather than waiting for a refusal.
  const hlsRequests = [];
  page.on('request', (r) => {
    if (/\/relay\/.+\.(m3u8|m4s|mp4)(\?|$)/.test(r.url())) hlsRequests.push({ at: Date.now() / 1000, bearer: (r.headers().authorization ?? '').replace(/^Bearer /, '') });
  });
  // Every WebSocket the page opens goes through here, on to the server unchanged, so the test can see its token and cut it.
  await page.routeWebSocket((u) => /\/relay\/.+\/ws$|\/hubs\/commandroom$/.test(u.pathname), (ws) => {
    const server = ws.connectToServer();
    sockets[ws.url().includes('/hubs/') ? 'hub' : 'relay'].push({ url: ws.url(), drop: () => { ws.close({ code: 4000, reason: 'test' }); server.close(); } });
  });

  await page.goto(`${url}/`);
  await page.waitForSelector('input[name=login]', { timeout: 60000 });
  await page.fill('input[name=login]', 'op-dupont');
  await page.fill('input[name=password]', 'mot-de-passe');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.origin === url && u.pathname === '/', { timeout: 60000 });
  await page.waitForSelector(tile, { timeout: 60000 });
  await advances(page, 1);
  const first = { relay: sockets.relay.at(-1), hub: sockets.hub.at(-1) };
  step('playing', { relaySockets: sockets.relay.length, hubSockets: sockets.hub.length });

  // The first socket's token expires (the session renews its own before); then both sockets drop.
  await pastExpiry(page, tokenOf(first.relay.url));
  const [relays, hubs] = [sockets.relay.length, sockets.hub.length];
  first.relay.drop();
  first.hub.drop();
  const deadline = Date.now() + 60000;
  while ((sockets.relay.length <= relays || sockets.hub.length <= hubs) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling the route's record, not a wait for time to pass
  const again = { relay: sockets.relay.at(-1), hub: sockets.hub.at(-1) };
  const played = await advances(page, 2);
  const now = Date.now() / 1000;
  step('reconnected', {
    relaySockets: sockets.relay.length - relays, hubSockets: sockets.hub.length - hubs,
    relayTokenRenewed: tokenOf(again.relay.url) !== tokenOf(first.relay.url) && claims(tokenOf(again.relay.url)).exp > now,
    hubTokenRenewed: tokenOf(again.hub.url) !== tokenOf(first.hub.url) && claims(tokenOf(again.hub.url)).exp > now,
    currentTime: played, refused: [...refused],
  });
  await shot(page, 'live-renewed');

  // HLS: every request asks the session for the token; the tile plays on past its first token's expiry.
  await page.goto('about:blank'); // (from / to /#mode=hls alone would only change the fragment, not load the page)
  await page.goto(`${url}/#mode=hls`);
  await page.waitForSelector(tile, { timeout: 60000 });
  await advances(page, 1);
  const atStart = await page.evaluate(() => JSON.parse(localStorage.getItem('cameras.oidc') ?? sessionStorage.getItem('cameras.oidc') ?? 'null')?.tokens.accessToken);
  const refusedBefore = refused.length;
  await pastExpiry(page, atStart);
  const currentTime = await advances(page, 3);
  const expiredAt = claims(atStart).exp;
  const after = hlsRequests.filter((r) => r.at > expiredAt);
  step('hls', { currentTime, refused: refused.slice(refusedBefore), requestsAfterExpiry: after.length,
    // each one carried a token that was current when it was sent, not the one the tile started with
    current: after.filter((r) => r.bearer && r.bearer !== atStart && claims(r.bearer).exp > r.at).length,
    inUrl: hlsRequests.filter((r) => !r.bearer).length });
});
