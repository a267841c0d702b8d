// Enregistrements: filters on the left (kept in the address), results as a sortable table, pages of 50.
// An agent (officer role) sees the same page over their own recordings only, without the officer filter.
import { api, type Consultation, type Identity, type RecordingPage } from '../api';
import { askConsultation } from '../components/motifDialog';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatCount, formatDate, formatDuration, formatSize } from '../logic/format';
import { statuses, statusLabel, underWay } from '../logic/status';
import { localToIso, readState, toggleSort, writeState, type SearchState } from '../logic/urlState';
import { startPage } from '../page';

const pageSize = 50;
const columns: Array<[string | null, TextKey]> = [
  [null, 'col.thumbnail'], ['recordedAt', 'col.recordedAt'], ['duration', 'col.duration'], ['camera', 'col.camera'],
  ['officer', 'col.officer'], ['station', 'col.station'], ['size', 'col.size'], ['status', 'col.status'],
];

function filterForm(state: SearchState, me: Identity, go: (s: SearchState) => void): HTMLFormElement {
  const field = (name: keyof SearchState['filters'], key: TextKey, type = 'text') => h('label', {}, t(key),
    h('input', { name, type, value: state.filters[name] ?? '', id: `filter-${name}` }));
  const status = h('select', { name: 'status', id: 'filter-status' }, h('option', { value: '' }, t('filter.any')),
    ...statuses.map((s) => h('option', { value: s, selected: state.filters.status === s }, statusLabel(s))));
  const form = h('form', { class: 'filters', id: 'filters', role: 'search' }, h('h2', {}, t('filter.title')),
    field('camera', 'filter.camera'), me.role === 'officer' ? null : field('officer', 'filter.officer'), field('station', 'filter.station'),
    field('from', 'filter.from', 'datetime-local'), field('to', 'filter.to', 'datetime-local'),
    h('label', {}, t('filter.status'), status), field('case', 'filter.case'), field('bookmark', 'filter.bookmark'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('filter.apply')),
      h('button', { type: 'reset', class: 'secondary' }, t('filter.reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const filters: SearchState['filters'] = {};
    for (const [k, v] of data.entries()) if (String(v).trim()) (filters as Record<string, string>)[k] = String(v).trim();
    go({ ...state, filters, page: 1 });
  });
  form.addEventListener('reset', () => setTimeout(() => go({ filters: {}, sort: 'recordedAt', order: 'desc', page: 1 })));
  return form;
}

function resultsTable(page: RecordingPage, state: SearchState, go: (s: SearchState) => void, selected: Set<string>,
  previews: Consultation | null): HTMLElement {
  const head = h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'sr' }, t('results.select'))), ...columns.map(([col, key]) => {
    if (!col) return h('th', { scope: 'col' }, t(key));
    const sorted = state.sort === col;
    return h('th', { scope: 'col', 'aria-sort': sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none' },
      h('button', { type: 'button', class: 'sort', 'data-sort': col, onclick: () => go(toggleSort(state, col)) },
        t(key), sorted ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''));
  }));
  const body = h('tbody', {});
  for (const r of page.items) {
    const link = `/app/player.html?id=${r.id}`;
    const box = h('input', { type: 'checkbox', 'aria-label': t('results.select'), checked: selected.has(r.id),
      onchange: (e) => { if ((e.target as HTMLInputElement).checked) selected.add(r.id); else selected.delete(r.id); } });
    body.append(h('tr', { 'data-recording': r.id, 'data-status': r.status },
      h('td', {}, box),
      h('td', {}, r.hasThumbnails && previews ? h('img', { src: api.thumbnailUrl(r.id, 'poster.jpg', previews), alt: '', loading: 'lazy', class: 'thumb' }) : ''),
      h('td', {}, h('a', { href: link, class: 'open' }, formatDate(r.recordedAt ?? r.receivedAt))),
      h('td', {}, formatDuration(r.durationSeconds)), h('td', {}, r.camera ?? '—'), h('td', {}, r.officer ?? '—'),
      h('td', {}, r.station ?? '—'), h('td', { class: 'num' }, formatSize(r.size)),
      h('td', {}, statusLabel(r.status), ' ', r.status === 'ready' || r.status === 'failed' ? '' : h('progress', { max: 1, value: r.progress }),
        r.bookmarks ? h('span', { class: 'badge', title: t('bookmarks.title') }, ` ★ ${r.bookmarks}`) : '')));
  }
  return h('table', { class: 'results', id: 'results' }, h('thead', {}, head), body);
}

startPage('recordings', ['officer', 'operator', 'supervisor', 'admin'], async (main, me) => {
  if (me.role === 'officer') document.querySelector('[data-section="mine"]')?.setAttribute('aria-current', 'page');
  const selected = new Set<string>();
  const results = h('section', { class: 'results-area', 'aria-live': 'polite' });
  const aside = h('div', { class: 'filters-area' });
  main.classList.add('search');
  main.append(aside, results);

  // The results are read again while the page is open (what the live dashboard's recent-recordings table did): every
  // 2 s while a shown recording is being processed, so its progress moves and it turns « prêt » without a reload;
  // every 5 s on the first page, where new arrivals show. They are drawn again only when they changed.
  let pending: ReturnType<typeof setTimeout> | null = null;
  let shown = 0;
  let drawn = '';
  // Posters are pictures of the recordings: shown once the operator states why (« Afficher les aperçus »), for this
  // page's life; each recording's poster is then a consultation with that motif.
  let previews: Consultation | null = null;
  async function show(state: SearchState, push: boolean, quiet = false) {
    if (pending) { clearTimeout(pending); pending = null; }
    const generation = ++shown;
    if (!quiet) {
      if (push) history.pushState(null, '', location.pathname + writeState(state));
      aside.replaceChildren(filterForm(state, me, (s) => show(s, true)));
      results.replaceChildren(notice(t('loading')));
    }
    let page: RecordingPage;
    try {
      page = await api.search({ ...state.filters, from: localToIso(state.filters.from), to: localToIso(state.filters.to),
        sort: state.sort, order: state.order, page: state.page, pageSize });
    } catch (e) { results.replaceChildren(notice(describe(e), 'error')); return; }
    if (generation !== shown) return;
    const seen = JSON.stringify(page);
    const schedule = () => {
      const busy = page.items.some((r) => underWay(r.status));
      if (busy || state.page === 1) pending = setTimeout(() => show(state, false, true), busy ? 2000 : 5000);
    };
    if (quiet && seen === drawn) { schedule(); return; }
    drawn = seen;
    // Past the count's cap there is always a next page to ask for.
    const pages = Math.max(1, Math.ceil(page.total / pageSize) + (page.more ? 1 : 0));
    const pager = h('nav', { class: 'pager', 'aria-label': 'pages' },
      h('button', { type: 'button', disabled: state.page <= 1, onclick: () => show({ ...state, page: state.page - 1 }, true) }, t('results.prev')),
      h('span', {}, t('results.page', { page: state.page, pages })),
      h('button', { type: 'button', disabled: state.page >= pages, id: 'next-page', onclick: () => show({ ...state, page: state.page + 1 }, true) }, t('results.next')));
    const addToCase = me.role === 'officer' ? null : h('button', { type: 'button', class: 'secondary', id: 'add-to-case',
      onclick: () => { if (selected.size) location.assign(`/app/cases.html?add=${[...selected].join(',')}`); } }, t('results.addToCase'));
    const showPreviews = previews || !page.items.some((r) => r.hasThumbnails) ? null
      : h('button', { type: 'button', class: 'secondary', id: 'show-previews', title: t('results.previewsHint'), onclick: async () => {
        previews = await askConsultation(me.role);
        if (previews) { drawn = ''; await show(state, false, true); }
      } }, t('results.showPreviews'));
    results.replaceChildren(h('div', { class: 'above' }, h('p', { class: 'count', id: 'count' }, t(page.more ? 'results.countMore' : 'results.count', { total: formatCount(page.total) })), showPreviews),
      page.items.length ? resultsTable(page, state, (s) => show(s, true), selected, previews) : notice(t('results.empty'), 'empty'),
      h('div', { class: 'below' }, pager, addToCase));
    schedule();
  }
  window.addEventListener('popstate', () => show(readState(location.search), false));
  await show(readState(location.search), false);
});
