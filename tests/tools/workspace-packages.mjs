// A magistrate's exports page: what they were given, and nothing else. usage: node workspace-packages.mjs URL TOKEN
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';

const [url, token] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, '/app/packages.html');
  await page.waitForSelector('.package, .notice.empty');
  step('packages', { ids: await page.$$eval('.package', (ps) => ps.map((p) => p.dataset.export)), text: await page.textContent('main'),
    sections: await page.$$eval('.topbar nav a', (as) => as.map((a) => a.dataset.section)) });
  await shot(page, `packages-${token.slice(-6)}`);
});
