// Direct, the home page (/): every live feed as a tile, kept up to date by the hub (feedStarted, feedEnded; the list
// read again after a reconnection). #mode=hls plays the tiles through the HLS relay instead of the low-latency
// stream; #reason=… replaces the reason each view is logged with. An admin also gets the jobs dashboard's link.
import { HubConnectionBuilder } from '@microsoft/signalr';
import { api, type LiveFeed } from '../api';
import { liveTile, type LiveTile } from '../components/liveTile';
import type { LiveMode } from '../components/livePlayer';
import { h } from '../dom';
import { t } from '../i18n';
import { startPage } from '../page';
import { freshToken, token } from '../session';

// The reason the access log records with each view unless the hash names one. It is data for the register (kept in
// French, like the motif codes), not a string of the screen: it is shown quoted inside the hint's own words.
const defaultReason = 'supervision en direct';

/** The hub's payloads name the feed `feed`; the list names it `id`. */
type Announced = LiveFeed & { feed?: string };

startPage('live', ['operator', 'admin'], async (main, me) => {
  document.title = t('live.docTitle');
  const hash = new URLSearchParams(location.hash.slice(1));
  const reason = hash.get('reason') || defaultReason;
  const mode: LiveMode = hash.get('mode') === 'hls' ? 'hls' : 'socket';
  const count = h('small', { id: 'live-count' });
  const grid = h('div', { id: 'grid' });
  const none = h('p', { id: 'no-feed', class: 'notice empty' }, t('live.none'));
  main.append(h('section', { id: 'live' },
    h('h1', {}, t('live.title'), ' ', count),
    h('p', { class: 'hint', id: 'live-hint' }, t('live.hint', { reason })),
    grid, none));
  if (me.role === 'admin') jobsLink();

  const tiles = new Map<string, LiveTile>();
  const refreshCount = () => {
    none.hidden = tiles.size > 0;
    count.textContent = tiles.size ? `(${tiles.size})` : '';
  };
  const add = (f: Announced) => {
    const id = f.id ?? f.feed;
    if (!id || tiles.has(id)) return;
    const tile = liveTile({ ...f, id }, { reason, token: freshToken }, mode);
    grid.append(tile.element);
    tiles.set(id, tile);
    refreshCount();
  };
  const remove = (id: string) => {
    const tile = tiles.get(id);
    if (!tile) return;
    tile.close();
    tile.element.remove();
    tiles.delete(id);
    refreshCount();
  };
  const sync = async () => {
    const feeds = await api.liveFeeds().catch(() => [] as LiveFeed[]);
    const live = new Set(feeds.map((f) => f.id));
    for (const id of [...tiles.keys()]) if (!live.has(id)) remove(id);
    feeds.forEach(add);
  };
  refreshCount();

  // The hub asks the session for the token at each (re)connection: with a provider, the one renewed since.
  const hub = new HubConnectionBuilder()
    .withUrl('/hubs/commandroom', { accessTokenFactory: async () => (await freshToken()) ?? '' })
    .withAutomaticReconnect().build();
  hub.on('feedStarted', add);
  hub.on('feedEnded', (e: { feed: string }) => remove(e.feed));
  hub.onreconnected(() => void sync());
  await hub.start().catch((e) => console.warn('hub', e));
  await sync();
});

// The jobs dashboard (Hangfire) is for admins; its sign-in keeps the token in a cookie scoped to /jobs. The link takes
// the token of the moment it is followed, not of when the page opened.
function jobsLink(): void {
  const href = () => '/jobs/signin?access_token=' + encodeURIComponent(token() ?? '');
  const link = h('a', { id: 'jobs-link', href: href(), 'data-section': 'jobs' }, t('nav.jobs'));
  for (const event of ['click', 'auxclick']) link.addEventListener(event, () => { link.href = href(); });
  document.querySelector('.topbar nav')?.append(link);
}
