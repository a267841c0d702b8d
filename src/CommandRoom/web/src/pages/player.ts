// Lecteur: one recording. The video large, the thumbnail strip as its timeline, controls and shortcuts; beside it the
// metadata, processing progress, custody history (proofs checked here), lineage and bookmarks. player.html?id=…&t=…
import { api, type Bookmark, type Consultation, type CustodyHistory, type Identity, type Recording } from '../api';
import { askConsultation } from '../components/motifDialog';
import { attachPlayback } from '../components/hlsPlayer';
import { custodyList, lineage } from '../components/custodyList';
import { describe, notice } from '../components/notice';
import { Strip } from '../components/strip';
import { byId, h } from '../dom';
import { label, t, type TextKey } from '../i18n';
import { formatClockTime, formatDate, formatDuration, formatElapsed, formatSize } from '../logic/format';
import { statusLine, underWay } from '../logic/status';
import { everyFromCommands, frameDuration } from '../logic/strip';
import { startPage } from '../page';

const speeds = [0.25, 0.5, 1, 1.5, 2, 4];

startPage('recordings', ['officer', 'operator', 'supervisor', 'admin'], async (main, me) => {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  let recording: Recording;
  try { recording = await api.recording(id); } catch (e) { main.append(notice(describe(e), 'error')); return; }
  document.title = `${t('player.title')} — ${id.slice(0, 8)}`;
  const bookmarks = await api.bookmarks(id).catch(() => [] as Bookmark[]);
  const duration = Number(recording.probe?.format?.duration ?? 0) || 0;
  const video = h('video', { id: 'video', playsinline: true, preload: 'none' });
  const strip = new Strip(id, duration || 1, (s) => seek(s));
  strip.setBookmarks(bookmarks);
  const status = h('p', { class: 'player-status', id: 'player-status', role: 'status' });
  const cameraTime = h('output', { id: 'camera-time' });
  const elapsed = h('output', { id: 'elapsed' });
  const playButton = h('button', { type: 'button', id: 'play' }, t('player.play'));
  const speed = h('select', { id: 'speed', 'aria-label': t('player.speed') }, ...speeds.map((s) => h('option', { value: s, selected: s === 1 }, `${String(s).replace('.', ',')}×`)));
  const frame = frameDuration(recording.probe?.streams?.find((s) => s.codec_type === 'video')?.r_frame_rate);
  const startAt = Number(new URLSearchParams(location.search).get('t')) || 0;
  let consultation: Consultation | null = null;
  let detach: (() => void) | null = null;

  // The motif is asked once per page, for whatever is consulted first (the play, or the custody history); the
  // history, the strips and the playback all go with it.
  async function stateMotif(): Promise<Consultation | null> {
    if (consultation) return consultation;
    consultation = await askConsultation(me.role);
    if (consultation) void showCustody(consultation);
    return consultation;
  }
  async function consult(): Promise<boolean> {
    if (detach) return true;
    if (recording.status !== 'ready') { status.textContent = t('player.notReady'); return false; }
    const given = await stateMotif();
    if (!given) return false;
    detach = attachPlayback(video, id, given, (m) => { status.textContent = t('error.generic', { detail: m }); });
    if (startAt > 0) video.addEventListener('loadedmetadata', () => { video.currentTime = startAt; }, { once: true });
    return true;
  }
  async function toggle() {
    if (!(await consult())) return;
    if (video.paused) await video.play().catch(() => {}); else video.pause();
  }
  async function seek(seconds: number) {
    if (!(await consult())) return;
    video.currentTime = Math.max(0, Math.min(duration || seconds, seconds));
  }
  function refreshTime() {
    const now = video.currentTime;
    strip.setTime(now);
    elapsed.textContent = formatElapsed(now);
    cameraTime.textContent = recording.recordedAt ? formatClockTime(new Date(Date.parse(recording.recordedAt) + now * 1000)) : '—';
    const u = new URL(location.href);
    u.searchParams.set('t', now.toFixed(1));
    history_replace(u);
  }
  video.addEventListener('timeupdate', refreshTime);
  video.addEventListener('seeked', refreshTime);
  video.addEventListener('play', () => { playButton.textContent = t('player.pause'); });
  video.addEventListener('pause', () => { playButton.textContent = t('player.play'); });
  playButton.addEventListener('click', toggle);
  speed.addEventListener('change', () => { video.playbackRate = Number(speed.value); });
  const step = (d: number) => { video.pause(); void seek(video.currentTime + d); };
  const controls = h('div', { class: 'controls' }, playButton,
    h('button', { type: 'button', onclick: () => seek(video.currentTime - 5) }, t('player.back5')),
    h('button', { type: 'button', onclick: () => seek(video.currentTime + 5) }, t('player.fwd5')),
    h('button', { type: 'button', id: 'frame-back', onclick: () => step(-frame) }, t('player.prevFrame')),
    h('button', { type: 'button', id: 'frame-forward', onclick: () => step(frame) }, t('player.nextFrame')),
    speed, h('span', { class: 'clock' }, `${t('player.cameraTime')} `, cameraTime, ` · ${t('player.elapsed')} `, elapsed));
  document.addEventListener('keydown', (e) => {
    if ((e.target as HTMLElement).closest('input, textarea, select, dialog')) return;
    const keys: Record<string, () => void> = {
      ' ': () => void toggle(), ArrowLeft: () => void seek(video.currentTime - 5), ArrowRight: () => void seek(video.currentTime + 5),
      ',': () => step(-frame), '.': () => step(frame),
      '[': () => { speed.selectedIndex = Math.max(0, speed.selectedIndex - 1); speed.dispatchEvent(new Event('change')); },
      ']': () => { speed.selectedIndex = Math.min(speeds.length - 1, speed.selectedIndex + 1); speed.dispatchEvent(new Event('change')); },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  const bookmarkList = h('ul', { id: 'bookmarks', class: 'bookmarks' });
  const showBookmarks = (list: Bookmark[]) => {
    bookmarkList.replaceChildren(...(list.length ? list.map((b) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => seek(b.atSeconds) }, formatElapsed(b.atSeconds)),
      b.untilSeconds ? ` → ${formatElapsed(b.untilSeconds)}` : '', ' ', b.note, h('small', {}, ` — ${b.createdBy}`)))
      : [h('li', { class: 'empty' }, t('bookmarks.empty'))]));
    strip.setBookmarks(list);
  };
  showBookmarks(bookmarks);
  let rangeStart: number | null = null;
  const note = h('input', { id: 'bookmark-note', name: 'note', maxlength: 2000, required: true, 'aria-label': t('bookmarks.note') });
  const range = h('input', { type: 'checkbox', id: 'bookmark-range' });
  const bookmarkError = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const bookmarkForm = h('form', { id: 'bookmark-form' }, note, h('label', {}, range, ' ', t('bookmarks.range')),
    h('button', { type: 'submit' }, t('bookmarks.add')), bookmarkError);
  range.addEventListener('change', () => { rangeStart = range.checked ? video.currentTime : null; });
  bookmarkForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const at = rangeStart ?? video.currentTime;
    const until = rangeStart != null && video.currentTime > rangeStart ? video.currentTime : null;
    // A bookmark is a modification: it states the motif the page is consulted with (asked now if not yet).
    const given = await stateMotif();
    if (!given) return;
    try {
      await api.addBookmark(id, at, until, note.value.trim(), given.motif);
      note.value = ''; range.checked = false; rangeStart = null; bookmarkError.hidden = true;
      showBookmarks(await api.bookmarks(id));
    } catch (err) { bookmarkError.textContent = describe(err); bookmarkError.hidden = false; }
  });

  // The custody history names who held, viewed and shared the recording: shown once the motif is stated.
  const custodyBox = h('div', { id: 'custody-box' }, h('button', { type: 'button', id: 'show-custody', class: 'secondary',
    onclick: () => void stateMotif() }, t('custody.show')));
  const lineageBox = h('div', { id: 'lineage-box' }, notice(t('custody.afterMotif')));
  async function showCustody(given: Consultation) {
    let history: CustodyHistory;
    try { history = await api.custody(id, given); } catch (e) { custodyBox.replaceChildren(notice(describe(e), 'error')); return; }
    custodyBox.replaceChildren(custodyList(history));
    lineageBox.replaceChildren(lineage(history.events.map((e) => e.event)));
    const thumbEvent = history.events.find((e) => e.event.action === 'derivative.created' && e.event.details.kind === 'thumbnails');
    strip.show(given, thumbEvent ? everyFromCommands(thumbEvent.event.details.commands) : null);
  }

  const video_ = h('section', { class: 'stage' }, video, strip.element, controls, status, h('p', { class: 'hint' }, t('player.keys')));
  const jobs = h('ul', { id: 'jobs', class: 'jobs' });
  const showJobs = (r: Recording) => jobs.replaceChildren(h('li', { 'data-status': r.status }, statusLine(r)),
    ...r.jobs.map((j) => h('li', {}, `${label('jobs', j.step)} — ${label('state', j.state)} `, h('progress', { max: 1, value: j.state === 'done' ? 1 : j.percent }), j.error ? ` ${j.error}` : '')));
  showJobs(recording);
  const videoStream = recording.probe?.streams?.find((s) => s.codec_type === 'video');
  const meta = h('dl', { class: 'meta', id: 'metadata' }, ...([
    ['filter.camera', recording.camera], ['filter.officer', recording.officer], ['filter.station', recording.station],
    ['meta.recordedAt', formatDate(recording.recordedAt)], ['meta.receivedAt', formatDate(recording.receivedAt)],
    ['col.duration', formatDuration(duration)], ['col.size', formatSize(recording.size)], ['meta.filename', recording.filename],
    ['meta.codec', videoStream?.codec_name], ['meta.resolution', videoStream ? `${videoStream.width}×${videoStream.height}` : null],
    ['meta.sha256', recording.sha256],
  ] as Array<[TextKey, string | null | undefined]>).flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v ?? '—')]));
  const aside = h('aside', { class: 'side' },
    h('h2', {}, t('meta.title')), meta, h('h2', {}, t('jobs.title')), jobs,
    h('h2', {}, t('bookmarks.title')), bookmarkList, bookmarkForm,
    h('h2', {}, t('custody.title')), custodyBox, h('h2', {}, t('lineage.title')), lineageBox);
  main.classList.add('player');
  main.append(video_, aside);

  if (startAt > 0) elapsed.textContent = formatElapsed(startAt);
  // Processing progress, live, until the recording settles.
  const poll = async () => {
    if (underWay(recording.status)) {
      recording = await api.recording(id).catch(() => recording);
      showJobs(recording);
      setTimeout(poll, 2000);
    }
  };
  void poll();
  window.addEventListener('pagehide', () => detach?.());
  byId('play').focus();
});

let lastUrlWrite = 0;
function history_replace(u: URL) {
  // A player's address names the moment it shows, so it can be pasted to a colleague; written at most once a second.
  const now = Date.now();
  if (now - lastUrlWrite < 1000) return;
  lastUrlWrite = now;
  history.replaceState(null, '', u);
}

export type { Identity };
