// A tile of the live grid as the operator sees it: the picture, camera · agent · position, the path the feed came by
// (ffmpeg, navigateur, RTMP, SRT), the measured delay (« délai mesuré »: producer clock of the frame on screen, from
// the prft boxes), a sound toggle (tiles start muted: browsers autoplay only muted video) and, once enlarged, a volume
// control. A click enlarges (the controls do not); « Fiche » or a double-click opens the feed's page.
// The DOM's classes and data attributes (data-feed, data-source, data-audio, data-types, data-muted, data-delay-ms)
// are what the browser tests and benchmarks read.
import type { LiveFeed } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatSeconds } from '../logic/format';
import { delayMs, type Reference } from '../logic/liveTiming';
import { livePlayer, type LiveMode, type RelayAccess, type Tracks } from './livePlayer';

const sources = ['ffmpeg', 'browser', 'rtmp', 'srt'];

export interface LiveTile { element: HTMLElement; close(): void }

export const feedPage = (id: string): string => '/app/feed.html?id=' + encodeURIComponent(id);

export function liveTile(feed: LiveFeed, access: Omit<RelayAccess, 'feed'>, mode: LiveMode): LiveTile {
  const id = feed.id;
  const source = sources.includes(feed.source ?? '') ? feed.source! : 'ffmpeg';
  const sourceName = t(`feed.source.${source}` as TextKey);
  const element = h('div', { class: 'tile', 'data-feed': id, 'data-source': source });
  const delay = h('span', { class: 'delay' }, t('live.delayPending'));
  const sound = h('button', { type: 'button', class: 'sound', disabled: true }, t('live.noSound'));
  const volume = h('input', { type: 'range', min: '0', max: '1', step: '0.05', value: '1', class: 'volume', 'aria-label': t('live.volume') });
  // The feed's page (who watches, since when, its hash chain): a link, so a keyboard reaches it; double-click too.
  const page = h('a', { class: 'feed-page', href: feedPage(id), title: t('live.pageTitle') }, t('live.page'));
  const label = [feed.camera ?? id, t('live.agent', { officer: feed.officer ?? '—' }), feed.position].filter(Boolean).join(' · ');
  const meta = h('div', { class: 'meta' }, h('span', { class: 'label' }, label),
    h('span', { class: `source source-${source}`, title: t('live.cameBy', { source: sourceName }) }, sourceName),
    sound, volume, delay, page);

  let reference: Reference | null = null;
  const player = livePlayer({ ...access, feed: id }, mode, {
    onReference: (r) => { reference = r; },
    onTracks: (tracks: Tracks) => {
      element.dataset.audio = tracks.audio ? 'yes' : 'no';
      element.dataset.types = tracks.types;
      sound.disabled = !tracks.audio;
      showSound();
    },
  });
  const video = player.video;
  const timer = setInterval(() => {
    if (!reference || video.readyState < 2) return;
    const ms = delayMs(reference, video.currentTime, Date.now());
    delay.textContent = formatSeconds(ms / 1000);
    element.dataset.delayMs = String(Math.round(ms));
  }, 250);

  function showSound(): void {
    if (sound.disabled) return;
    sound.textContent = t(video.muted ? 'live.muted' : 'live.soundOn');
    sound.setAttribute('aria-pressed', String(!video.muted));
    element.dataset.muted = String(video.muted);
  }
  sound.addEventListener('click', (e) => {
    e.stopPropagation();
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) { video.volume = 1; volume.value = '1'; }
    showSound();
  });
  volume.addEventListener('click', (e) => e.stopPropagation());
  volume.addEventListener('input', () => {
    video.volume = Number(volume.value);
    if (video.volume > 0 && video.muted && !sound.disabled) { video.muted = false; showSound(); }
  });
  page.addEventListener('click', (e) => e.stopPropagation());
  element.append(video, meta);
  element.addEventListener('click', () => element.classList.toggle('enlarged'));
  element.addEventListener('dblclick', () => location.assign(page.href));
  return { element, close: () => { clearInterval(timer); player.close(); } };
}
