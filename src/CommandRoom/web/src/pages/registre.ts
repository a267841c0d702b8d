// Registre (administrateur, superviseur): every traced operation with the fields R241-5 lists, filters kept in the
// address (so a link can be handed over), keyset pages over millions of rows, the CSV and the signed PDF report.
import { api, type RegistreEntry, type RegistrePage, type RegistreQuery } from '../api';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { label, t, type TextKey } from '../i18n';
import { formatDate } from '../logic/format';
import { localToIso } from '../logic/urlState';
import { startPage } from '../page';

const pageSize = 50;
const kinds = ['collecte', 'modification', 'consultation', 'communication', 'effacement'];
const filterNames = ['matricule', 'recording', 'camera', 'procedure', 'kind', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof filterNames)[number], string>>;
/** The filters, and the page: `before` is the cursor the previous page handed over, `page` only its number. */
interface State { filters: Filters; before?: string; page: number }

function readState(search: string): State {
  const q = new URLSearchParams(search);
  const filters: Filters = {};
  for (const name of filterNames) { const v = q.get(name); if (v) filters[name] = v; }
  return { filters, before: q.get('before') ?? undefined, page: Math.max(1, Number(q.get('page')) || 1) };
}

function writeState(s: State): string {
  const q = new URLSearchParams(Object.entries(s.filters).filter(([, v]) => v) as Array<[string, string]>);
  if (s.before) { q.set('before', s.before); q.set('page', String(s.page)); }
  const text = q.toString();
  return text ? `?${text}` : '';
}

function query(f: Filters): RegistreQuery {
  return { ...f, from: localToIso(f.from), to: localToIso(f.to) };
}

function filterForm(state: State, go: (s: State) => void): HTMLFormElement {
  const field = (name: (typeof filterNames)[number], key: TextKey, type = 'text') => h('label', {}, t(key),
    h('input', { name, type, value: state.filters[name] ?? '', id: `filter-${name}` }));
  const kind = h('select', { name: 'kind', id: 'filter-kind' }, h('option', { value: '' }, t('filter.any')),
    ...kinds.map((k) => h('option', { value: k, selected: state.filters.kind === k }, t(`registre.kind.${k}` as TextKey))));
  const form = h('form', { class: 'filters', id: 'filters', role: 'search' }, h('h2', {}, t('filter.title')),
    field('matricule', 'registre.matricule'), field('recording', 'registre.recording'), field('camera', 'registre.camera'),
    field('procedure', 'registre.procedure'), h('label', {}, t('registre.kind'), kind),
    field('from', 'registre.from', 'datetime-local'), field('to', 'registre.to', 'datetime-local'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('filter.apply')),
      h('button', { type: 'reset', class: 'secondary' }, t('filter.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const filters: Filters = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) filters[k as keyof Filters] = String(v).trim();
    go({ filters, page: 1 });
  });
  form.addEventListener('reset', () => setTimeout(() => go({ filters: {}, page: 1 })));
  return form;
}

function agent(e: RegistreEntry): string {
  if (e.erased) return t('registre.erased');
  const named = [e.matricule, e.nom, e.prenom, e.grade].filter(Boolean).join(' ');
  return named || [e.actorRole, e.actorSubject].filter(Boolean).join(' ');
}

function row(e: RegistreEntry): HTMLElement {
  const motif = [e.motif, e.erased ? null : e.reason].filter(Boolean).join(' — ');
  const recipient = e.erased ? '' : [e.recipient, e.recipientService ? `(${e.recipientService})` : null].filter(Boolean).join(' ');
  const subject = e.subjectKind === 'recording'
    ? h('a', { href: `/app/player.html?id=${encodeURIComponent(e.subjectId)}` }, e.subjectId)
    : `${e.subjectKind} ${e.subjectId}`;
  return h('tr', { 'data-seq': e.seq, 'data-kind': e.kind, 'data-erased': e.erased ? 'true' : null },
    h('td', { class: 'num' }, e.seq), h('td', {}, formatDate(e.time)),
    h('td', {}, t(`registre.kind.${e.kind}` as TextKey), h('br', {}), h('small', {}, label('action', e.action))),
    h('td', { class: 'agent' }, agent(e)), h('td', {}, e.erased ? '' : e.service ?? '—'), h('td', {}, motif || '—'),
    h('td', {}, recipient || '—'), h('td', {}, e.procedure ?? '—'), h('td', {}, subject), h('td', {}, e.camera ?? '—'));
}

function table(page: RegistrePage): HTMLElement {
  const cols: TextKey[] = ['registre.col.seq', 'registre.col.time', 'registre.col.kind', 'registre.col.agent', 'registre.col.service',
    'registre.col.motif', 'registre.col.recipient', 'registre.col.procedure', 'registre.col.subject', 'registre.col.camera'];
  return h('table', { class: 'results', id: 'registre' }, h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, ...page.entries.map(row)));
}

/** Fetches the file with the token in a header, then hands it to the browser as a download. */
async function download(state: State, accept: 'text/csv' | 'application/pdf', name: string, status: HTMLElement): Promise<void> {
  status.textContent = t('registre.preparing');
  try {
    const blob = await api.registreFile(query(state.filters), accept);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name, id: `file-${name.split('.').pop()}` }, t('registre.ready', { name }));
    status.replaceChildren(link);
    link.click();
  } catch (e) { status.replaceChildren(notice(describe(e), 'error')); }
}

startPage('registre', ['admin', 'supervisor'], async (main) => {
  const results = h('section', { class: 'results-area', 'aria-live': 'polite' });
  const aside = h('div', { class: 'filters-area' });
  main.classList.add('search');
  main.append(aside, results);

  async function show(state: State, push: boolean) {
    if (push) history.pushState(null, '', location.pathname + writeState(state));
    aside.replaceChildren(filterForm(state, (s) => show(s, true)));
    results.replaceChildren(notice(t('loading')));
    let page: RegistrePage;
    try {
      page = await api.registre({ ...query(state.filters), limit: pageSize, before: state.before });
    } catch (e) { results.replaceChildren(notice(describe(e), 'error')); return; }
    const status = h('p', { class: 'count', id: 'file-status', role: 'status' });
    const files = h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'download-csv', onclick: () => download(state, 'text/csv', 'registre.csv', status) }, t('registre.csv')),
      h('button', { type: 'button', id: 'download-pdf', class: 'secondary',
        onclick: () => download(state, 'application/pdf', 'registre.pdf', status) }, t('registre.pdf')));
    const pager = h('nav', { class: 'pager', 'aria-label': 'pages' },
      h('button', { type: 'button', id: 'first-page', disabled: !state.before, onclick: () => show({ filters: state.filters, page: 1 }, true) },
        t('registre.first')),
      h('span', { id: 'page-number' }, t('registre.page', { page: state.page })),
      h('button', { type: 'button', id: 'next-page', disabled: !page.next,
        onclick: () => show({ filters: state.filters, before: page.next ?? undefined, page: state.page + 1 }, true) }, t('registre.next')));
    results.replaceChildren(h('h1', {}, t('registre.title')), h('p', { class: 'intro' }, t('registre.intro')), files, status,
      page.entries.length ? table(page) : notice(t('registre.empty'), 'empty'), h('div', { class: 'below' }, pager));
  }
  window.addEventListener('popstate', () => show(readState(location.search), false));
  await show(readState(location.search), false);
});
