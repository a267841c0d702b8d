// Exports in the workspace, as an operator then a magistrate, through the former exports page's address (which now
// leads to the Affaires and « Mes exports »): on the case page the export is built with playback copies, shown
// sealed, shared; the magistrate finds it on their page and downloads it through the browser itself.
// Prints one JSON line per step.
// usage: node dashboard-exports.mjs URL OPERATOR_TOKEN MAGISTRATE_TOKEN MAGISTRATE CASE_ID OUT.zip SCREENSHOT_PREFIX
import { chromium } from 'playwright-core';
import { until } from './until.mjs';

const [url, operator, magistrateToken, magistrate, caseId, out, prefix] = process.argv.slice(2);
const step = (name, values = {}) => console.log(JSON.stringify({ step: name, ...values }));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    await page.goto(`${url}/commandroom/exports.html#token=${operator}`);
    await page.waitForSelector('#create-case');
    step('redirected', { path: new URL(page.url()).pathname, identity: await page.textContent('#identity') });
    await page.goto(`${url}/app/case.html?id=${caseId}`);
    await page.waitForSelector('#create-export');
    await page.click('#create-export button[type="submit"]'); // no reason: the browser's own check stops it
    const stopped = await page.$eval('#create-export input[name="reason"]', (i) => !i.validity.valid);
    await page.fill('#create-export input[name="reason"]', 'réquisition du parquet');
    await page.check('#export-playback');
    await page.click('#create-export button[type="submit"]');
    await page.waitForSelector('#case-exports li[data-status="sealed"]', { timeout: 180000 });
    const id = await page.$eval('#case-exports li[data-status="sealed"]', (e) => e.dataset.export);
    step('sealed', { stopped, id, text: await page.textContent(`#case-exports li[data-export="${id}"]`) });
    await page.fill(`#share-${id} input[name="magistrate"]`, magistrate);
    await page.click(`#share-${id} button[type="submit"]`);
    await until(page, ([i, m]) => [...document.querySelectorAll(`#case-exports li[data-export="${i}"] .export-share`)]
      .some((e) => e.textContent.startsWith(m)), [id, magistrate]);
    step('shared', { text: await page.textContent(`#case-exports li[data-export="${id}"] .export-share`) });
    await page.screenshot({ path: `${prefix}-operator.png`, fullPage: true });
    await context.close();
  }
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(`${url}/commandroom/exports.html#token=${magistrateToken}`);
  await page.waitForSelector('section.package');
  step('listed', { path: new URL(page.url()).pathname, title: await page.textContent('h1'),
    ids: await page.$$eval('section.package', (s) => s.map((e) => e.dataset.export)) });
  await page.click('[data-download]');
  const motifFirst = await page.evaluate(() => document.activeElement?.id);
  await page.selectOption('#download-motif', 'judiciaire');
  await page.click('[data-download]');
  step('reason-missing', { motifFirst, focused: await page.evaluate(() => document.activeElement?.id) });
  await page.fill('#download-reason', 'audience du 3 décembre');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('[data-download]')]);
  await download.saveAs(out);
  step('downloaded', { filename: download.suggestedFilename(), failure: await download.failure() });
  await page.screenshot({ path: `${prefix}-magistrate.png`, fullPage: true });
} finally {
  await browser.close();
}
