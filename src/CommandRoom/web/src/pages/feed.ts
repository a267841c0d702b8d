// La fiche d'un flux (the live grid's click-through, feed.html?id=…): camera, agent, position, since when and how
// long, the path it came by, who watches it now and who has watched it (the access log), its hash chain's length.
// It shows no picture: opening it is not a view of the feed. Refreshed every 5 s while the feed is live.
import { api, ApiError, type FeedView } from '../api';
import { describe, notice } from '../components/notice';
import { h } from '../dom';
import { label, t, type TextKey } from '../i18n';
import { formatDate, formatDuration } from '../logic/format';
import { startPage } from '../page';

function facts(f: FeedView): HTMLElement {
  const end = f.endedAt ? new Date(f.endedAt).getTime() : Date.now();
  const seconds = Math.max(0, (end - new Date(f.startedAt).getTime()) / 1000);
  const row = (key: TextKey, value: string, id: string) => [h('dt', {}, t(key)), h('dd', { 'data-field': id }, value)];
  return h('dl', { class: 'facts', id: 'feed-facts' },
    ...row('feed.camera', f.camera ?? '—', 'camera'), ...row('feed.officer', f.officer ?? '—', 'officer'),
    ...row('feed.position', f.position ?? '—', 'position'), ...row('feed.startedAt', formatDate(f.startedAt), 'startedAt'),
    ...row('feed.duration', formatDuration(seconds), 'duration'), ...row('feed.source', label('feed.source', f.source), 'source'),
    ...row('feed.terminal', f.terminal, 'terminal'),
    ...row('feed.state', f.state === 'live' ? t('feed.state.live') : t('feed.state.ended', { at: formatDate(f.endedAt) }), 'state'),
    ...row('feed.viewersNow', String(f.viewersNow), 'viewersNow'));
}

function viewers(f: FeedView): HTMLElement {
  if (!f.viewedBy.length) return notice(t('feed.viewedByEmpty'), 'empty');
  return h('ul', { id: 'feed-viewers' }, ...f.viewedBy.map((v) => h('li', { 'data-subject': v.subject },
    t('feed.viewer', { who: v.subject, role: label('role', v.role), n: v.views, first: formatDate(v.firstAt), last: formatDate(v.lastAt) }))));
}

startPage('live', ['operator', 'admin'], async (main) => {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  main.classList.add('feed');
  const show = async (): Promise<FeedView | null> => {
    let f: FeedView;
    try { f = await api.feed(id); } catch (e) {
      main.replaceChildren(notice(e instanceof ApiError && e.status === 404 ? t('feed.none') : describe(e), 'error'), h('p', {}, h('a', { href: '/' }, t('feed.back'))));
      return null;
    }
    main.replaceChildren(
      h('h1', {}, `${t('feed.title')} — ${f.camera ?? f.id}`),
      h('section', { 'data-feed': f.id, 'data-state': f.state }, facts(f)),
      h('section', {}, h('h2', {}, t('feed.viewedBy')), viewers(f)),
      h('section', {}, h('h2', {}, t('feed.chain')), h('p', { id: 'feed-chain' }, t('feed.chainLength', { n: f.segments })),
        f.lastSha256 ? h('p', { class: 'hint' }, `${t('feed.lastHash')} : `, h('code', {}, f.lastSha256)) : null),
      h('p', {}, h('a', { href: '/' }, t('feed.back'))));
    return f;
  };
  const first = await show();
  if (first?.state === 'live') {
    const timer = setInterval(async () => { if ((await show())?.state !== 'live') clearInterval(timer); }, 5000);
  }
});
