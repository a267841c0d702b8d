// Drives the exports page in Debian's Chromium (playwright-core, no downloaded browser), as two people:
// an operator picks recordings, creates an export for a procedure, waits until the page shows it sealed and shares
// it with a magistrate; the magistrate, in another browser context, sees it and downloads it through the browser's
// own download manager. Prints one JSON line per step; keeps a screenshot of each person's page.
// usage: node dashboard-exports.mjs URL OPERATOR_TOKEN MAGISTRATE_TOKEN MAGISTRATE ID,ID… PROCEDURE OUT.zip SCREENSHOT_PREFIX
import { chromium } from 'playwright-core';

const [url, operatorToken, magistrateToken, magistrate, ids, procedure, out, screenshots] = process.argv.slice(2);
const recordings = ids.split(',');
const step = (name, data) => console.log(JSON.stringify({ step: name, ...data }));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const open = async (token) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('console', (m) => console.error('console:', m.text()));
    await page.goto(`${url}/commandroom/exports.html#token=${token}`);
    return page;
  };

  const operator = await open(operatorToken);
  for (const id of recordings) await operator.waitForSelector(`#choices input[value="${id}"]`, { timeout: 20000 });
  await operator.fill('input[name=procedure]', procedure);
  await operator.fill('input[name=reason]', 'réquisition du parquet');
  // Nothing ticked: the server's 400 is shown as a French sentence.
  await operator.click('#build-form button[type=submit]');
  // Locators, not waitForFunction: Playwright's polling re-evaluates a string, which the page's CSP (no
  // 'unsafe-eval') refuses.
  await operator.locator('#build-result', { hasText: /^Refusé/ }).waitFor();
  step('refused', { message: await operator.textContent('#build-result') });
  for (const id of recordings) await operator.check(`#choices input[value="${id}"]`);
  await operator.click('#build-form button[type=submit]');
  await operator.locator('#build-result', { hasText: /demandé/ }).waitFor();
  const exportId = (await operator.textContent('#build-result')).match(/[0-9a-f-]{36}/)[0];
  const row = `#exports tr[data-id="${exportId}"]`;
  await operator.waitForSelector(`${row}[data-status="sealed"]`, { timeout: 120000 });
  step('sealed', { id: exportId, state: await operator.textContent(`${row} td:nth-child(4)`) });
  await operator.click(`${row} button.share`);
  step('share-empty', { message: await operator.textContent('#message') });
  await operator.fill(`${row} input.magistrate`, magistrate);
  await operator.click(`${row} button.share`);
  await operator.locator(row, { hasText: 'partagé avec' }).waitFor();
  step('shared', { message: await operator.textContent('#message'), action: await operator.textContent(`${row} td:last-child`) });
  await operator.screenshot({ path: `${screenshots}-operator.png`, fullPage: true });

  const judge = await open(magistrateToken);
  await judge.waitForSelector(`${row}[data-status="sealed"] button.download`, { timeout: 20000 });
  step('listed', { title: await judge.textContent('#exports-title'), state: await judge.textContent(`${row} td:nth-child(4)`) });
  await judge.click(`${row} button.download`);
  step('reason-missing', { message: await judge.textContent('#message') });
  await judge.fill('#download-reason', 'audience du 3 décembre');
  const [download] = await Promise.all([judge.waitForEvent('download', { timeout: 60000 }), judge.click(`${row} button.download`)]);
  await download.saveAs(out);
  step('downloaded', { filename: download.suggestedFilename(), failure: await download.failure(), message: await judge.textContent('#message') });
  await judge.screenshot({ path: `${screenshots}-magistrate.png`, fullPage: true });
} finally {
  await browser.close();
}
