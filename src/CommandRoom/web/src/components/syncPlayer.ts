// 2–4 recordings side by side on one clock: one play button; the first tile whose recording covers the clock leads,
// the others follow it (rate nudges for small drift, a seek for large), each showing its own camera's time.
import type { Consultation } from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { formatClockTime } from '../logic/format';
import { clockAt, clockRange, correction, positionAt, type Track } from '../logic/sync';
import { attachPlayback } from './hlsPlayer';

export interface SyncItem extends Track { id: string; camera: string }

export function syncPlayer(items: SyncItem[], consultation: Consultation): HTMLElement {
  const range = clockRange(items);
  // Start where every selected recording is rolling if they overlap, else at the earliest.
  const latestStart = Math.max(...items.map((i) => i.start));
  const earliestEnd = Math.min(...items.map((i) => i.start + i.duration * 1000));
  let clock = latestStart < earliestEnd ? latestStart : range.start;
  const clockOut = h('output', { id: 'sync-clock' });
  const tiles = items.map((item) => {
    const video = h('video', { playsinline: true, muted: true, 'data-recording': item.id, preload: 'auto' });
    video.muted = true;
    const time = h('span', { class: 'camera-time' });
    const tile = h('div', { class: 'sync-tile' }, video, h('div', { class: 'meta' }, h('span', {}, item.camera), time));
    attachPlayback(video, item.id, consultation, () => {});
    const first = positionAt(item, clock);
    video.addEventListener('loadedmetadata', () => { video.currentTime = first ?? 0; }, { once: true });
    return { item, video, time, tile };
  });
  let playing = false;
  const play = h('button', { type: 'button', id: 'sync-play' }, t('player.play'));
  play.addEventListener('click', () => {
    playing = !playing;
    play.textContent = playing ? t('player.pause') : t('player.play');
    for (const tl of tiles) {
      if (!playing) tl.video.pause();
      else if (positionAt(tl.item, clock) != null) void tl.video.play().catch(() => {});
    }
  });
  const tick = () => {
    const leader = tiles.find((tl) => !tl.video.paused && positionAt(tl.item, clock) != null) ?? null;
    if (leader) clock = clockAt(leader.item, leader.video.currentTime);
    for (const tl of tiles) {
      const target = positionAt(tl.item, clock);
      tl.time.textContent = formatClockTime(new Date(clock));
      if (tl === leader || target == null || tl.video.readyState < 1) { if (target == null && !tl.video.paused) tl.video.pause(); continue; }
      if (playing && tl.video.paused) void tl.video.play().catch(() => {});
      const fix = correction(tl.video.currentTime, target);
      if (fix.kind === 'seek') tl.video.currentTime = fix.to;
      else tl.video.playbackRate = fix.kind === 'rate' ? fix.rate : 1;
    }
    clockOut.textContent = formatClockTime(new Date(clock));
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return h('section', { class: 'sync', id: 'sync' }, h('div', { class: 'controls' }, play, h('span', { class: 'clock' }, `${t('timeline.clock')} `, clockOut)),
    h('div', { class: 'sync-grid' }, ...tiles.map((tl) => tl.tile)));
}
