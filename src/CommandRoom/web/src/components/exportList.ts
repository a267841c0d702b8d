// The exports of a case (or those made outside any case), as the operator works with them: when, state with the
// attempt and progress, size, the manifest's fingerprint, who it is shared with until when, « Partager » once sealed,
// « Relancer » once failed. Used by the case page and the Affaires list (exports outside a case).
import { api, type ExportView } from '../api';
import { describe } from './notice';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatDate, formatSize } from '../logic/format';

function shareForm(x: ExportView, refresh: () => Promise<void>): HTMLFormElement {
  const error = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const input = h('input', { name: 'magistrate', required: true, 'aria-label': t('cases.magistrate') });
  const form = h('form', { class: 'inline', id: `share-${x.id}` }, h('label', {}, t('cases.magistrate'), input),
    h('button', { type: 'submit' }, t('cases.share')), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await api.share(x.id, input.value.trim()); await refresh(); } catch (err) { error.textContent = describe(err); error.hidden = false; }
  });
  return form;
}

function retryButton(x: ExportView, refresh: () => Promise<void>): HTMLElement {
  const error = h('span', { class: 'notice error', role: 'alert', hidden: true });
  const button = h('button', { type: 'button', class: 'retry', 'data-retry': x.id }, t('export.retry'));
  button.addEventListener('click', async () => {
    try { await api.retryExport(x.id); await refresh(); } catch (err) { error.textContent = describe(err); error.hidden = false; }
  });
  return h('span', {}, button, error);
}

function exportItem(x: ExportView, refresh: () => Promise<void>): HTMLElement {
  const state = t(`export.status.${x.status}` as TextKey) + (x.status === 'building' && x.attempts > 1 ? ` ${t('export.attempt', { n: x.attempts })}` : '');
  return h('li', { 'data-export': x.id, 'data-status': x.status },
    h('span', { class: 'export-head' }, `${formatDate(x.createdAt)} — ${x.procedure} — `, h('span', { class: 'export-state' }, state), ' ',
      x.status === 'building' ? h('progress', { max: 1, value: x.progress }) : '',
      ` ${t('export.recordings', { n: x.recordings.length })}`, x.playback ? ` · ${t('export.withPlayback')}` : '',
      x.size ? ` · ${formatSize(x.size)}` : ''),
    x.error ? h('div', { class: 'export-error' }, x.error) : null,
    x.manifestSha256 ? h('div', { class: 'hint' }, `${t('export.manifest')} : `, h('code', {}, x.manifestSha256)) : null,
    // A share's names are erased once it has ended and the register's term has passed (null): it says so.
    ...x.shares.map((s) => h('div', { class: 'export-share' }, `${s.magistrate ?? t('registre.erased')} — ${t('cases.expires', { at: formatDate(s.expiresAt) })}`)),
    x.status === 'sealed' ? shareForm(x, refresh) : null,
    x.status === 'failed' ? retryButton(x, refresh) : null);
}

/** A list that shows the exports `pick` keeps, refreshed while one is pending or building. */
export function exportList(id: string, pick: (x: ExportView) => boolean): { element: HTMLElement; refresh: () => Promise<void> } {
  const element = h('ul', { id, class: 'exports' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refresh = async () => {
    const all = await api.exports().catch(() => [] as ExportView[]);
    const mine = all.filter(pick);
    element.replaceChildren(...(mine.length ? mine.map((x) => exportItem(x, refresh)) : [h('li', { class: 'empty' }, t('export.none'))]));
    if (timer) clearTimeout(timer);
    if (mine.some((x) => x.status === 'pending' || x.status === 'building')) timer = setTimeout(refresh, 1500);
  };
  return { element, refresh };
}
