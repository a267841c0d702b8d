// The Chronologie: two cameras' recordings on one axis, both selected and played on one clock; their currentTime
// must differ by their recorded_at offset. usage: node workspace-timeline.mjs URL TOKEN FROM TO ID_A ID_B
import { shot, signedInPage, step, withBrowser } from './workspace-lib.mjs';
import { until } from './until.mjs';

const [url, token, from, to, a, b] = process.argv.slice(2);
await withBrowser(async (browser) => {
  const page = await signedInPage(browser, url, token, `/app/timeline.html?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  await page.waitForSelector('#timeline-chart');
  step('rows', { cameras: await page.$$eval('.tl-row', (rows) => rows.map((r) => r.dataset.camera)), drawMs: Number(await page.$eval('body', (b) => b.dataset.drawMs)) });
  await page.click(`.tl-bar[data-recording="${a}"]`);
  await page.click(`.tl-bar[data-recording="${b}"]`);
  await page.click('#play-together');
  await page.waitForSelector('#motif-dialog[open]');
  await page.check('input[name="motif"][value="judiciaire"]');
  await page.fill('#motif-reason', 'reconstitution de l’intervention');
  await page.click('#motif-confirm');
  await until(page, () => [...document.querySelectorAll('#sync video')].every((v) => v.readyState >= 2));
  await page.click('#sync-play');
  await until(page, () => [...document.querySelectorAll('#sync video')].every((v) => !v.paused && v.currentTime > 1.5), null, { timeout: 30000 });
  // Both clocks read in the same animation frame, over 90 frames (about 1.5 s of playback).
  const samples = await page.evaluate(([x, y]) => new Promise((resolve) => {
    const va = document.querySelector(`#sync video[data-recording="${x}"]`);
    const vb = document.querySelector(`#sync video[data-recording="${y}"]`);
    const out = [];
    const frame = () => { out.push({ a: va.currentTime, b: vb.currentTime }); if (out.length < 90) requestAnimationFrame(frame); else resolve(out); };
    requestAnimationFrame(frame);
  }), [a, b]);
  step('sync', { samples, clock: await page.textContent('#sync-clock') });
  await shot(page, 'timeline');
});
