// Mes exports (magistrat): each package shared with them, what it holds, its size, when the link expires, the
// download (a plain link: the browser streams it to disk) and how to verify it offline without our software.
import { api, staffMotifs } from '../api';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatDate, formatSize } from '../logic/format';
import { startPage } from '../page';

startPage('packages', ['magistrate'], async (main, me) => {
  main.append(h('h1', {}, t('packages.title')));
  let list;
  try { list = await api.exports(); } catch (e) { main.append(notice(describe(e), 'error')); return; }
  if (!list.length) { main.append(notice(t('packages.empty'), 'empty')); return; }
  // Each download states why (a text) and its motif (R241-5: logged with it, as a consultation is).
  const reason = h('input', { id: 'download-reason', required: true, });
  const motif = h('select', { id: 'download-motif', required: true }, h('option', { value: '' }, t('packages.motifPick')),
    ...staffMotifs.map((m) => h('option', { value: m }, t(`motif.${m}` as TextKey))));
  main.append(h('p', { class: 'download-why' }, h('label', {}, `${t('packages.motif')} `, motif), ' ',
    h('label', {}, `${t('packages.reason')} `, reason)), h('p', { class: 'hint' }, t('motif.logged')));
  for (const x of list) {
    const share = x.shares.find((s) => s.magistrate === me.subject);
    const download = h('a', { class: 'button', href: '#', 'data-download': x.id }, t('packages.download'));
    download.addEventListener('click', (e) => {
      if (!motif.value) { e.preventDefault(); motif.focus(); return; }
      if (!reason.value.trim()) { e.preventDefault(); reason.focus(); return; }
      download.setAttribute('href', api.packageUrl(x.id, { motif: motif.value, reason: reason.value.trim() }));
      download.setAttribute('download', '');
    });
    const origin = location.origin;
    main.append(h('section', { class: 'package', 'data-export': x.id },
      h('h2', {}, `${x.procedure} — ${t(`export.status.${x.status}` as TextKey)}`),
      h('p', {}, t('packages.contains', { n: x.recordings.length, size: formatSize(x.size) })),
      share ? h('p', {}, t('packages.expires', { at: formatDate(share.expiresAt) })) : null,
      x.status === 'sealed' ? download : null,
      h('details', {}, h('summary', {}, t('packages.verify')), h('p', {}, t('packages.verifyHelp')),
        h('pre', {}, `curl ${origin}/api/authority.pem > authority.pem\ncameras verify ${x.procedure}_export-${x.id}.zip --ca authority.pem`),
        h('p', {}, t('packages.verifyText')))));
  }
});
