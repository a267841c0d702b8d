// Two tabs of one browser on one provider session (tests/tools/oidc-provider.mjs rotates refresh tokens: each one
// works once, and one presented twice revokes the whole session). The second tab is signed in by the first's session;
// then both find the token due at the same moment (as their timers do when they were scheduled from the same stored
// session) and renew at once: only one of them asks the provider, the other takes its result, and both go on signed
// in; later renewals, by the tabs' own timers, keep both signed in too.
// usage: node workspace-oidc-tabs.mjs APP_URL
import { withBrowser, shot, step } from './workspace-lib.mjs';
import { until } from './until.mjs';

const url = process.argv[2].replace(/\/$/, '');
const stored = () => JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null');

await withBrowser(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const refreshes = [];
  context.on('request', (r) => {
    if (r.method() === 'POST' && /grant_type=refresh_token/.test(r.postData() ?? '')) refreshes.push(new URL(r.frame().url()).pathname);
  });
  const open = async () => {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    return page;
  };

  // The first tab signs in at the provider; the second opens without a login form.
  const first = await open();
  await first.goto(`${url}/app/recordings.html`);
  await first.waitForSelector('input[name=login]', { timeout: 60000 });
  await first.fill('input[name=login]', 'op-dupont');
  await first.fill('input[name=password]', 'mot-de-passe');
  await first.click('button[type=submit]');
  await first.waitForURL((u) => u.origin === url && u.pathname === '/app/recordings.html', { timeout: 60000 });
  await first.waitForSelector('#count', { timeout: 60000 });
  const second = await open();
  await second.goto(`${url}/app/cases.html`);
  await until(second, () => document.querySelector('#identity')?.textContent?.includes('Dupont'), null, { timeout: 60000 });
  step('shared', { identity: await second.textContent('#identity'), path: new URL(second.url()).pathname });

  // Both tabs find the token due together: the stored session says so (as it will at its renewal time), and each tab
  // checks when it becomes visible.
  const before = await first.evaluate(stored);
  const at = refreshes.length;
  await first.evaluate(() => {
    const kept = JSON.parse(localStorage.getItem('cameras.oidc'));
    localStorage.setItem('cameras.oidc', JSON.stringify({ ...kept, tokens: { ...kept.tokens, expiresAt: Date.now() } }));
  });
  const due = () => { document.dispatchEvent(new Event('visibilitychange')); return document.visibilityState; };
  const visibility = await Promise.all([first.evaluate(due), second.evaluate(due)]);
  await until(first, (old) => JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null')?.tokens.refreshToken !== old,
    before.tokens.refreshToken, { timeout: 30000 });
  // Give the other tab's renewal, were it not held back, its chance to reach the provider and end the session.
  await Promise.all([first, second].map((p) => p.evaluate(async () => {
    await navigator.locks.request('cameras.oidc.renew', async () => {});
  })));
  const check = (page) => page.evaluate(async () => {
    const token = JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null')?.tokens.accessToken;
    const r = await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, path: location.pathname, expired: new URLSearchParams(location.search).has('expired') };
  });
  step('together', { visibility, refreshes: refreshes.length - at, first: await check(first), second: await check(second),
    renewed: (await first.evaluate(stored)).tokens.accessToken !== before.tokens.accessToken });

  // Renewals by the tabs' own timers (20 s tokens here): two more rounds, both tabs still signed in.
  const now = (await first.evaluate(stored)).tokens.accessToken;
  await until(first, (t) => { const a = JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null')?.tokens.accessToken; return a && a !== t && a; },
    now, { timeout: 60000 }).then((next) => until(first, (t) => {
    const a = JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null')?.tokens.accessToken; return a && a !== t;
  }, next, { timeout: 60000 }));
  await second.reload();
  await until(second, () => document.querySelector('#identity')?.textContent?.includes('Dupont'), null, { timeout: 60000 });
  step('later', { first: await check(first), second: await check(second), refreshes: refreshes.length,
    pages: refreshes.reduce((n, p) => ({ ...n, [p]: (n[p] ?? 0) + 1 }), {}) });
  await shot(second, 'oidc-two-tabs');
});
