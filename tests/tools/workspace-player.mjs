// Search → open → motif dialog → plays → seek by clicking the strip → bookmark → the bookmark finds it in search.
// usage: node workspace-player.mjs URL TOKEN CAMERA RECORDING_ID
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';
import { until } from './until.mjs';

const [url, token, camera, id] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, `/app/recordings.html?camera=${encodeURIComponent(camera)}`);
  const row = await page.waitForSelector(`#results tr[data-recording="${id}"]`, { timeout: 30000 });
  step('search', { rows: await page.$$eval('#results tbody tr', (r) => r.length), count: await page.textContent('#count'),
    cells: await row.$$eval('td', (tds) => tds.map((td) => td.textContent.trim())), title: await page.title() });
  // Posters are pictures of the recordings: none before the motif is stated, then they load.
  const postersBefore = await page.$$eval('#results img.thumb', (i) => i.length);
  await page.click('#show-previews');
  await page.waitForSelector('#motif-dialog[open]');
  await page.check('input[name="motif"][value="pedagogique"]');
  await page.fill('#motif-reason', 'choix de l’enregistrement à revoir');
  await page.click('#motif-confirm');
  await until(page, (rid) => { const i = document.querySelector(`#results tr[data-recording="${rid}"] img.thumb`); return i && i.complete && i.naturalWidth > 0; }, id);
  step('previews', { before: postersBefore, after: await page.$$eval('#results img.thumb', (i) => i.filter((x) => x.naturalWidth > 0).length),
    src: await page.$eval('#results img.thumb', (i) => new URL(i.src).searchParams.get('motif')) });
  await shot(page, 'recordings');

  await row.$eval('a.open', (a) => a.click());
  await page.waitForSelector('#play');
  await page.click('#play');
  await page.waitForSelector('#motif-dialog[open]');
  step('dialog', { text: await page.textContent('#motif-dialog'), focusInside: await page.evaluate(() => !!document.activeElement?.closest('dialog')) });
  await shot(page, 'motif-dialog');
  await page.check('input[name="motif"][value="judiciaire"]');
  await page.fill('#motif-reason', 'vérification de la plainte 2026/118');
  await page.click('#motif-confirm');
  await until(page, () => document.querySelector('#video').currentTime > 1, null, { timeout: 30000 });
  step('playing', { currentTime: await page.$eval('#video', (v) => v.currentTime), url: page.url() });
  await page.waitForSelector('#custody [data-proof="verified"]', { timeout: 15000 });
  step('custody', { proofs: await page.$$eval('#custody [data-proof]', (els) => els.map((e) => e.dataset.proof)),
    lineage: await page.$$eval('#lineage > li', (els) => els.length) });

  // A click at three quarters of the strip seeks there.
  const box = await (await page.$('#strip canvas.strip-canvas')).boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  const previewShown = await page.$eval('.strip-preview', (c) => !c.hidden);
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await until(page, () => { const v = document.querySelector('#video'); return !v.seeking && v.currentTime > 0; });
  const duration = await page.$eval('#video', (v) => v.duration);
  await until(page, (d) => Math.abs(document.querySelector('#video').currentTime - d * 0.75) < 1.5, duration, { timeout: 15000 });
  step('seeked', { currentTime: await page.$eval('#video', (v) => v.currentTime), duration, previewShown });
  await page.$eval('#video', (v) => v.pause());
  // Frame step with "." moves one frame (1/25 s) forward.
  const before = await page.$eval('#video', (v) => v.currentTime);
  await page.focus('#play');
  await page.keyboard.press('.');
  await until(page, (b) => Math.abs(document.querySelector('#video').currentTime - b - 0.04) < 0.005, before, { timeout: 5000 });
  step('frame', { delta: (await page.$eval('#video', (v) => v.currentTime)) - before });

  await page.fill('#bookmark-note', `porte forcée à l’arrière ${camera}`); // the camera keeps each run's note its own
  await page.click('#bookmark-form button[type="submit"]');
  await page.waitForSelector('#bookmarks li >> text=porte forcée');
  step('bookmark', { items: await page.$$eval('#bookmarks li', (els) => els.map((e) => e.textContent)) });
  await shot(page, `player-${camera}`);

  await page.goto(`${url}/app/recordings.html?bookmark=${encodeURIComponent(`forcée à l’arrière ${camera}`)}`);
  await page.waitForSelector('#results tbody tr, .notice.empty');
  step('found', { ids: await page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.recording)) });
});
