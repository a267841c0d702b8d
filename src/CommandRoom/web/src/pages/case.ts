// One case: its recordings (add more), its holds (placer / lever un gel, with a motif), its exports (créer, with or
// without playback copies; partager avec un magistrat, état, essai, relancer, expiration). case.html?id=…
// This is where exports are built: the former /commandroom/exports.html redirects to the Affaires.
import { api, type CaseHold, type CaseView } from '../api';
import { exportList } from '../components/exportList';
import { motifChoice } from '../components/motifChoice';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatDate, formatDuration } from '../logic/format';
import { startPage } from '../page';

function actionForm(id: string, fields: Array<[string, TextKey]>, submit: TextKey, act: (values: Record<string, string>) => Promise<void>,
  extra?: HTMLElement): HTMLFormElement {
  const error = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const form = h('form', { class: 'inline', id }, ...fields.map(([name, key]) => name === 'motif' ? motifChoice()
    : h('label', {}, t(key), h('input', { name, required: true }))), extra, h('button', { type: 'submit' }, t(submit)), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
    try { await act(values); form.reset(); error.hidden = true; } catch (err) { error.textContent = describe(err); error.hidden = false; }
  });
  return form;
}

/** The fields every modification of the case states: its motif and its reason. */
const stated: Array<[string, TextKey]> = [['motif', 'cases.motif'], ['reason', 'cases.holdReason']];

startPage('cases', ['operator', 'supervisor', 'admin'], async (main) => {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  let view: CaseView;
  try { view = await api.case(id); } catch (e) { main.append(notice(describe(e), 'error')); return; }
  const recordings = h('ul', { id: 'case-recordings' });
  const holds = h('ul', { id: 'case-holds' });
  const exportsList = exportList('case-exports', (x) => x.caseId === id);
  // The case's recordings as the search lists them (camera, date, duration), by the case's id.
  const showRecordings = async (v: CaseView) => {
    const rows = await api.search({ case: v.id, pageSize: 200, sort: 'recordedAt', order: 'asc' }).then((p) => p.items).catch(() => []);
    recordings.replaceChildren(...v.recordings.map((r) => {
      const row = rows.find((x) => x.id === r);
      const text = row ? `${row.camera ?? '—'} · ${formatDate(row.recordedAt ?? row.receivedAt)} · ${formatDuration(row.durationSeconds)}` : r;
      return h('li', { 'data-recording': r }, h('a', { href: `/app/player.html?id=${r}` }, text));
    }));
  };
  const showHolds = (list: CaseHold[]) => holds.replaceChildren(...(list.length ? list.map((x) => h('li', { 'data-active': x.liftedAt ? 'false' : 'true' },
    `${x.recordingId.slice(0, 8)} — ${x.reason ?? t('cases.reasonErased')} (${x.placedBy}, ${formatDate(x.placedAt)})`,
    x.liftedAt ? ` — ${t('cases.lifted', { why: x.liftReason ?? t('cases.reasonErased'), who: x.liftedBy ?? '', at: formatDate(x.liftedAt) })}` : ''))
    : [h('li', {}, '—')]));
  await showRecordings(view);
  showHolds(await api.caseHolds(id).catch(() => []));
  await exportsList.refresh();
  const playback = h('input', { type: 'checkbox', name: 'playback', id: 'export-playback' });

  main.classList.add('case');
  main.append(
    h('section', {}, h('h1', {}, `${view.procedure}${view.title ? ' — ' + view.title : ''}`),
      h('h2', {}, t('cases.recordings')), recordings,
      actionForm('add-recordings', [['recordings', 'cases.add'], ['motif', 'cases.motif'], ['reason', 'cases.addReason']], 'cases.addButton', async (v) => {
        view = await api.addToCase(id, v.recordings.split(/[\s,]+/).filter(Boolean), { motif: v.motif, reason: v.reason }); await showRecordings(view);
      })),
    h('section', {}, h('h2', {}, t('cases.holds')), holds,
      actionForm('place-hold', stated, 'cases.placeHold', async (v) => showHolds(await api.holdCase(id, { motif: v.motif, reason: v.reason }))),
      actionForm('lift-hold', stated, 'cases.liftHold', async (v) => showHolds(await api.liftCase(id, { motif: v.motif, reason: v.reason }))),
      h('h2', {}, t('cases.exports')), exportsList.element,
      actionForm('create-export', [['reason', 'cases.exportReason']], 'cases.createExport', async (v) => {
        await api.createExport({ procedure: view.procedure, reason: v.reason, caseId: id, playback: playback.checked });
        await exportsList.refresh();
      }, h('label', { class: 'check' }, playback, ` ${t('export.playback')}`))));
});
