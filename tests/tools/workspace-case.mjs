// A case from the search: two recordings chosen, the case opened with one (motif and reason stated), the second added on its page, a hold
// placed on both, an export built and shared with a magistrate. usage: node workspace-case.mjs URL TOKEN CAMERA MAGISTRATE
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';
import { until } from './until.mjs';

const [url, token, camera, magistrate] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, `/app/recordings.html?camera=${encodeURIComponent(camera)}`);
  await page.waitForSelector('#results tbody tr');
  const ids = await page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.recording));
  await page.check(`#results tr[data-recording="${ids[0]}"] input[type="checkbox"]`);
  await page.click('#add-to-case');
  await page.waitForSelector('#create-case');
  await page.fill('#create-case input[name="procedure"]', `PV-${camera}`);
  await page.fill('#create-case input[name="title"]', 'Cambriolage rue des Lilas');
  await page.fill('#create-case input[name="service"]', 'BSU Lyon 3');
  // Opening the case with a recording puts it in the case: a modification, with its motif and reason (R241-5).
  await page.click('#create-case button[type="submit"]'); // no motif: the browser's own check stops it
  const stopped = await page.$eval('#create-case select[name="motif"]', (s) => !s.validity.valid);
  await page.selectOption('#create-case select[name="motif"]', 'judiciaire');
  await page.fill('#create-case input[name="reason"]', 'plainte du gardien, première caméra');
  await page.click('#create-case button[type="submit"]');
  await page.waitForSelector('#case-recordings li');
  step('created', { url: page.url(), stopped, recordings: await page.$$eval('#case-recordings li', (l) => l.map((e) => e.dataset.recording)) });
  await page.fill('#add-recordings input[name="recordings"]', ids[1]);
  // Adding recordings and placing a hold are modifications: each states its motif and reason (R241-5).
  await page.selectOption('#add-recordings select[name="motif"]', 'judiciaire');
  await page.fill('#add-recordings input[name="reason"]', 'même intervention, seconde caméra');
  await page.click('#add-recordings button[type="submit"]');
  await until(page, () => document.querySelectorAll('#case-recordings li').length === 2);
  await page.selectOption('#place-hold select[name="motif"]', 'judiciaire');
  await page.fill('#place-hold input[name="reason"]', 'conservation pour l’enquête');
  await page.click('#place-hold button[type="submit"]');
  await until(page, () => document.querySelectorAll('#case-holds li[data-active="true"]').length === 2);
  step('held', { holds: await page.$$eval('#case-holds li', (l) => l.map((e) => e.textContent)) });
  await page.fill('#create-export input[name="reason"]', 'réquisition du parquet');
  await page.click('#create-export button[type="submit"]');
  await page.waitForSelector('#case-exports li[data-status="sealed"]', { timeout: 120000 });
  const exportId = await page.$eval('#case-exports li[data-status="sealed"]', (e) => e.dataset.export);
  await page.fill(`#share-${exportId} input[name="magistrate"]`, magistrate);
  await page.click(`#share-${exportId} button[type="submit"]`);
  await page.waitForSelector(`#case-exports li[data-export="${exportId}"] >> text=${magistrate}`);
  step('exported', { exportId, text: await page.textContent(`#case-exports li[data-export="${exportId}"]`) });
  await shot(page, 'case');
  await page.goto(`${url}/app/cases.html`);
  await page.waitForSelector('#cases');
  step('list', { rows: await page.$$eval('#cases tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent))) });
  await shot(page, 'cases');
});
