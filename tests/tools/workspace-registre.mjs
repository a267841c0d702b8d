// The Registre page as an administrator uses it: a person's entries, a filter by kind, the next page, the CSV and
// the signed PDF downloaded through the browser. usage: node workspace-registre.mjs URL TOKEN MATRICULE OUT_FOLDER
import { join } from 'node:path';
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';
import { until } from './until.mjs';

const [url, token, matricule, out] = process.argv.slice(2);
const seqs = (page) => page.$$eval('#registre tbody tr', (rows) => rows.map((r) => Number(r.dataset.seq)));

await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, `/app/registre.html?matricule=${encodeURIComponent(matricule)}`);
  await page.waitForSelector('#registre tbody tr');
  step('first', { seqs: await seqs(page), nav: await page.$$eval('nav[aria-label="sections"] a', (a) => a.map((x) => x.dataset.section)),
    agent: await page.textContent('#registre tbody tr td.agent') });

  await page.click('#next-page');
  await until(page, () => document.querySelector('#page-number')?.textContent?.includes('2') && document.querySelector('#registre tbody tr'));
  step('second', { seqs: await seqs(page), address: page.url() });

  await page.selectOption('#filter-kind', 'modification');
  await page.click('#filters button[type="submit"]');
  await until(page, () => document.querySelector('#filter-kind')?.value === 'modification'
    // Rows present and all modifications, or the empty notice: no rows at all is the page still loading (every() of none is true).
    && (document.querySelector('.notice.empty') || ((rows) => rows.length > 0 && rows.every((r) => r.dataset.kind === 'modification'))(
      [...document.querySelectorAll('#registre tbody tr')])));
  step('filtered', { seqs: await seqs(page), empty: await page.$('.notice.empty') !== null, address: page.url() });

  await page.selectOption('#filter-kind', '');
  await page.click('#filters button[type="submit"]');
  await page.waitForSelector('#registre tbody tr');
  const files = {};
  for (const [button, name] of [['#download-csv', 'registre.csv'], ['#download-pdf', 'registre.pdf']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    files[name] = join(out, download.suggestedFilename());
    await download.saveAs(files[name]);
  }
  step('files', files);
  await shot(page, 'registre');
});
