// Chronologie: a window (du/au, in the address) or a case; one row per camera; pick 2–4 bars and play them together.
import { api, type Timeline } from '../api';
import { askConsultation } from '../components/motifDialog';
import { describe, notice } from '../components/notice';
import { syncPlayer, type SyncItem } from '../components/syncPlayer';
import { timelineChart } from '../components/timelineChart';
import { h } from '../dom';
import { t } from '../i18n';
import { localToIso } from '../logic/urlState';
import { startPage } from '../page';

const toLocal = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

startPage('timeline', ['officer', 'operator', 'supervisor', 'admin'], async (main, me) => {
  const params = new URLSearchParams(location.search);
  const now = new Date();
  const from = params.get('from') ?? toLocal(new Date(now.getTime() - 12 * 3600_000));
  const to = params.get('to') ?? toLocal(now);
  const caseId = params.get('case') ?? '';
  const form = h('form', { class: 'inline', id: 'window' },
    h('label', {}, t('filter.from'), h('input', { type: 'datetime-local', name: 'from', value: from })),
    h('label', {}, t('filter.to'), h('input', { type: 'datetime-local', name: 'to', value: to })),
    h('label', {}, t('timeline.case'), h('input', { name: 'case', value: caseId, placeholder: 'id' })),
    h('button', { type: 'submit' }, t('timeline.show')));
  const area = h('section', {});
  const selection = new Map<string, SyncItem>();
  const playTogether = h('button', { type: 'button', id: 'play-together', disabled: true }, t('timeline.playTogether'));
  const player = h('div', {});
  main.append(h('h1', {}, t('timeline.title')), form, area, h('p', { class: 'hint' }, t('timeline.pick'), ' ', playTogether), player);

  let timeline: Timeline;
  try {
    timeline = await api.timeline(caseId ? { case: caseId } : { from: localToIso(from), to: localToIso(to) });
  } catch (e) { area.append(notice(describe(e), 'error')); return; }
  if (!timeline.cameras.length) { area.append(notice(t('timeline.empty'), 'empty')); return; }
  const started = performance.now();
  const chosen = new Set<string>();
  area.append(timelineChart(timeline, Math.max(600, main.clientWidth - 200), chosen, (r, camera) => {
    if (selection.has(r.id)) { selection.delete(r.id); chosen.delete(r.id); }
    else if (selection.size < 4) { selection.set(r.id, { id: r.id, camera, start: Date.parse(r.start), duration: r.durationSeconds ?? 0 }); chosen.add(r.id); }
    playTogether.disabled = selection.size < 2;
  }));
  document.body.dataset.drawMs = String(Math.round(performance.now() - started));
  playTogether.addEventListener('click', async () => {
    const consultation = await askConsultation(me.role);
    if (!consultation) return;
    player.replaceChildren(syncPlayer([...selection.values()], consultation));
  });
});
