// Affaires: the list (n° de procédure, intitulé, service, enregistrements, gel) and the form that opens a case with its
// recordings, stating the motif and reason of putting them in it.
// cases.html?add=ID,ID comes from the search's « Ajouter à l'affaire »: those ids fill the form.
import { api } from '../api';
import { exportList } from '../components/exportList';
import { motifChoice } from '../components/motifChoice';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { t } from '../i18n';
import { formatDate } from '../logic/format';
import { startPage } from '../page';

// A magistrate's cases are the exports shared with them: this page (where the former exports page's address now
// leads) takes them to « Mes exports ».
startPage('cases', ['operator', 'supervisor', 'admin', 'magistrate'], async (main, me) => {
  if (me.role === 'magistrate') { location.replace('/app/packages.html'); return; }
  const adding = new URLSearchParams(location.search).get('add') ?? '';
  const list = h('section', {});
  const error = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const form = h('form', { class: 'inline', id: 'create-case' },
    h('label', {}, t('cases.procedure'), h('input', { name: 'procedure', required: true, maxlength: 200 })),
    h('label', {}, t('cases.caseTitle'), h('input', { name: 'title' })),
    h('label', {}, t('cases.service'), h('input', { name: 'service' })),
    h('label', {}, t('cases.add'), h('textarea', { name: 'recordings', rows: 2, cols: 40 }, adding.split(',').filter(Boolean).join('\n'))),
    // Its recordings enter the case as a modification (R241-5), as adding them on the case's page does: motif and reason.
    motifChoice(), h('label', {}, t('cases.addReason'), h('input', { name: 'reason', required: true, maxlength: 1000 })),
    h('button', { type: 'submit' }, t('cases.create')), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const created = await api.createCase({ procedure: String(data.get('procedure')).trim(), title: String(data.get('title')).trim() || undefined,
        service: String(data.get('service')).trim() || undefined, recordings: String(data.get('recordings')).split(/[\s,]+/).filter(Boolean) },
        { motif: String(data.get('motif')), reason: String(data.get('reason')).trim() });
      location.assign(`/app/case.html?id=${created.id}`);
    } catch (err) { error.textContent = describe(err); error.hidden = false; }
  });
  const outside = exportList('outside-exports', (x) => x.caseId === null);
  main.append(h('h1', {}, t('cases.title')), form, list,
    h('section', {}, h('h2', {}, t('cases.outside')), h('p', { class: 'hint' }, t('cases.outsideHint')), outside.element));
  void outside.refresh();
  try {
    const cases = await api.caseSummaries();
    if (!cases.length) { list.append(notice(t('cases.empty'), 'empty')); return; }
    list.append(h('table', { id: 'cases' }, h('thead', {}, h('tr', {}, ...(['cases.procedure', 'cases.caseTitle', 'cases.service', 'cases.count', 'cases.hold'] as const)
      .map((k) => h('th', { scope: 'col' }, t(k))), h('th', {}, ''))),
      h('tbody', {}, ...cases.map((c) => h('tr', { 'data-case': c.id },
        h('td', {}, h('a', { href: `/app/case.html?id=${c.id}` }, c.procedure)), h('td', {}, c.title ?? '—'), h('td', {}, c.service ?? '—'),
        h('td', { class: 'num' }, c.recordings), h('td', {}, c.heldRecordings ? `${t('cases.held')} (${c.heldRecordings})` : t('cases.notHeld')),
        h('td', {}, formatDate(c.createdAt)))))));
  } catch (e) { list.append(notice(describe(e), 'error')); }
});
