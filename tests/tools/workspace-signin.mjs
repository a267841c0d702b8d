// The README's first step: open the link ./run.sh printed, and the workspace knows who you are.
// usage: node workspace-signin.mjs LINK
import { chromium } from 'playwright-core';
import { shot, step } from './workspace-lib.mjs';

const [link] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(link);
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.waitForSelector('#count', { timeout: 60000 }); // the search answered, signed in
  step('signedin', { identity: await page.textContent('#identity'), address: page.url(), count: await page.textContent('#count'),
    sections: await page.$$eval('.topbar nav a', (as) => as.map((a) => a.dataset.section)) });
  await shot(page, 'first-steps');
} finally {
  await browser.close();
}
