// Shared by the workspace's browser tests: Debian's Chromium through playwright-core, a page signed in with
// #token=, console errors on stderr, screenshots kept in .test-results/workspace/, one JSON line per step on stdout.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const shots = join(dirname(fileURLToPath(import.meta.url)), '../../.test-results/workspace');
mkdirSync(shots, { recursive: true });

export async function withBrowser(run) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
  try { await run(browser); } finally { await browser.close(); }
}

export async function signedInPage(browser, url, token, path) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  // The token is set for the tab's session before any page of the workspace loads, as the sign-in link does.
  await page.goto(`${url}/app/recordings.html#token=${token}`);
  await page.waitForSelector('#identity');
  if (path) await page.goto(`${url}${path}`);
  return page;
}

export const step = (name, values = {}) => console.log(JSON.stringify({ step: name, ...values }));

export const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
