// Signing in with an OpenID Connect provider (tests/tools/oidc-provider.mjs), as people do: open a page, get the
// provider's login form, fill it, come back signed in; the roles' sections; sign-out; a session renewed in the
// background; a session that ends; an account without a role.
// usage: node workspace-oidc.mjs APP_URL
import { withBrowser, shot, step } from './workspace-lib.mjs';
import { until } from './until.mjs';

const url = process.argv[2].replace(/\/$/, '');

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  return page;
}

/** Opens path; the provider's login form comes up; the account logs in (any password). */
async function signIn(page, path, account) {
  await page.goto(`${url}${path}`);
  await page.waitForSelector('input[name=login]', { timeout: 60000 });
  const form = new URL(page.url()).origin;
  await page.fill('input[name=login]', account);
  await page.fill('input[name=password]', 'mot-de-passe');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.origin === url && !u.pathname.endsWith('/signin.html'), { timeout: 60000 });
  await until(page, () => document.querySelector('#identity')?.textContent !== 'Non connecté' && document.querySelector('#identity')?.textContent);
  return form;
}

const state = (page) => page.evaluate(() => ({
  identity: document.querySelector('#identity')?.textContent ?? null,
  title: document.querySelector('#identity')?.getAttribute('title') ?? null,
  sections: [...document.querySelectorAll('.topbar nav a')].map((a) => a.dataset.section),
  path: location.pathname, search: location.search, hash: location.hash,
  token: JSON.parse(localStorage.getItem('cameras.oidc') ?? 'null')?.tokens.accessToken ?? null,
  notice: document.querySelector('.notice')?.textContent ?? null,
}));

const tokenExp = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url')).exp;

await withBrowser(async (browser) => {
  // An operator: the code flow, then the search page with the operator's sections, the name from the claims.
  const operator = await newPage(browser);
  const loginAt = await signIn(operator, '/app/recordings.html?camera=CAM-OIDC', 'op-dupont');
  await operator.waitForSelector('#count', { timeout: 60000 });
  const signedIn = await state(operator);
  step('operator', { ...signedIn, loginAt, count: await operator.textContent('#count'), token: undefined,
    audience: JSON.parse(Buffer.from(signedIn.token.split('.')[1], 'base64url')).aud });
  await shot(operator, 'oidc-operator');

  // The same session renews its token before it ends, and the page keeps working with the new one.
  const first = signedIn.token;
  await until(operator, (t) => { const now = JSON.parse(localStorage.getItem('cameras.oidc'))?.tokens.accessToken; return now && now !== t; },
    first, { timeout: 90000 });
  const renewed = await operator.evaluate(async () => {
    const token = JSON.parse(localStorage.getItem('cameras.oidc')).tokens.accessToken;
    const r = await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, me: await r.json(), token };
  });
  step('renewed', { status: renewed.status, me: renewed.me, firstExp: tokenExp(first), renewedExp: tokenExp(renewed.token),
    path: new URL(operator.url()).pathname });

  // The live dashboard (Direct, at /) shares the session.
  await operator.goto(`${url}/`);
  await until(operator, () => document.querySelector('#identity')?.textContent?.includes('Dupont') && !document.querySelector('#live').hidden);
  step('dashboard', { identity: await operator.textContent('#identity') });
  await operator.goto(`${url}/app/recordings.html`);
  await operator.waitForSelector('#count', { timeout: 60000 });

  // Sign-out: the provider asks to confirm, then the workspace says so; the next page asks for the login again.
  await operator.click('.topbar button');
  await operator.waitForSelector('button[name=logout], button[value=yes]', { timeout: 60000 });
  await operator.click('button[name=logout], button[value=yes]');
  await operator.waitForURL((u) => u.pathname === '/app/signin.html', { timeout: 60000 });
  await until(operator, () => document.querySelector('.notice')?.textContent);
  const out = await state(operator);
  await shot(operator, 'oidc-signed-out');
  await operator.goto(`${url}/app/recordings.html`);
  await operator.waitForSelector('input[name=login]', { timeout: 60000 });
  step('signedout', { ...out, loginFormAgain: new URL(operator.url()).origin !== url });

  // Direct (/) signs in by itself too, as every workspace page does, and comes back to itself.
  const admin = await newPage(browser);
  await admin.goto(`${url}/`);
  await admin.waitForSelector('input[name=login]', { timeout: 60000 });
  await admin.fill('input[name=login]', 'adm-bernard');
  await admin.fill('input[name=password]', 'mot-de-passe');
  await admin.click('button[type=submit]');
  await admin.waitForURL((u) => u.origin === url && u.pathname === '/', { timeout: 60000 });
  await until(admin, () => document.querySelector('#identity')?.textContent?.includes('Bernard') && !document.querySelector('#live').hidden);
  step('dashboardSignIn', { identity: await admin.textContent('#identity'), jobs: !(await admin.$eval('#jobs-link', (e) => e.hidden)) });
  await shot(admin, 'oidc-dashboard');

  // A magistrate: only their section; the operator's search is not theirs.
  const magistrate = await newPage(browser);
  await signIn(magistrate, '/app/packages.html', 'mag-martin');
  await until(magistrate, () => document.querySelector('.notice'));
  const packages = await state(magistrate);
  await shot(magistrate, 'oidc-magistrate');
  await magistrate.goto(`${url}/app/recordings.html`);
  await until(magistrate, () => document.querySelector('#identity')?.textContent !== 'Non connecté' && document.querySelector('.notice'));
  step('magistrate', { ...packages, token: undefined, recordings: { ...(await state(magistrate)), token: undefined,
    table: await magistrate.$$eval('table', (t) => t.length) } });

  // An account whose provider gives no refresh token: when its token ends, back to sign-in, saying so; signing in
  // again (the provider's session still runs) returns to the page.
  const short = await newPage(browser);
  await signIn(short, '/app/cases.html', 'court-lefebvre');
  const before = await state(short);
  await short.waitForURL((u) => u.pathname === '/app/signin.html' && u.searchParams.has('expired'), { timeout: 90000 });
  await until(short, () => document.querySelector('.notice')?.textContent);
  const ended = await state(short);
  await shot(short, 'oidc-session-ended');
  await short.click('#signin');
  await short.waitForURL((u) => u.origin === url && u.pathname === '/app/cases.html', { timeout: 60000 });
  await until(short, () => document.querySelector('#identity')?.textContent !== 'Non connecté' && document.querySelector('#identity')?.textContent);
  step('ended', { before: { ...before, token: undefined }, ended: { ...ended, token: undefined }, again: { ...(await state(short)), token: undefined } });

  // An account the provider gives no role: the server refuses its token, and sign-in says why.
  const nobody = await newPage(browser);
  await nobody.goto(`${url}/app/recordings.html`);
  await nobody.waitForSelector('input[name=login]', { timeout: 60000 });
  await nobody.fill('input[name=login]', 'sans-role');
  await nobody.fill('input[name=password]', 'mot-de-passe');
  await nobody.click('button[type=submit]');
  await nobody.waitForURL((u) => u.origin === url && u.pathname === '/app/signin.html' && u.searchParams.has('expired'), { timeout: 60000 });
  await until(nobody, () => document.querySelector('#signin-why')?.textContent);
  step('norole', { ...(await state(nobody)), why: await nobody.textContent('#signin-why') });
  await shot(nobody, 'oidc-no-role');
});
