// Dashboard: sign-in (/#token=TOKEN without an identity provider) and the live grid kept up to date by the hub.
// Recordings, with their processing progress, are on /app/recordings.html (sorted by reception, newest first).
'use strict';
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('cameras.token', hash.get('token'));
    hash.delete('token');
    history.replaceState(null, '', location.pathname + (hash.toString() ? '#' + hash : ''));
  }
  // Read at each use: with an identity provider, /app/keeper.js renews it in the background.
  const token = () => sessionStorage.getItem('cameras.token');
  const reason = hash.get('reason') || 'supervision en direct';
  const api = (path) => fetch(path, { headers: { Authorization: 'Bearer ' + token() } })
    .then((r) => (r.ok ? r.json() : Promise.reject(r)));
  // A refused token (expired, or never valid): to sign-in, which says so, rather than a grid that stays empty.
  const ended = () => location.assign('/app/signin.html?expired=1&return=' + encodeURIComponent(location.pathname));
  const tiles = new Map();
  const grid = document.getElementById('grid');

  function addFeed(f) {
    const id = f.id ?? f.feed;
    if (tiles.has(id)) return;
    const { element, tile } = LiveTileView(f, token(), reason);
    grid.append(element);
    tiles.set(id, { tile, element });
    refreshCount();
  }

  function removeFeed(id) {
    const entry = tiles.get(id);
    if (!entry) return;
    entry.tile.close();
    entry.element.remove();
    tiles.delete(id);
    refreshCount();
  }

  function refreshCount() {
    document.getElementById('no-feed').hidden = tiles.size > 0;
    document.getElementById('live-count').textContent = tiles.size ? `(${tiles.size})` : '';
  }

  async function syncFeeds() {
    const feeds = await api('/api/live/feeds').catch(() => []);
    const live = new Set(feeds.map((f) => f.id));
    for (const id of [...tiles.keys()]) if (!live.has(id)) removeFeed(id);
    feeds.forEach(addFeed);
  }

  async function start() {
    if (!token()) { document.getElementById('signin').hidden = false; return; }
    try {
      const me = await api('/api/me');
      const name = [me.agent?.prenom, me.agent?.nom].filter(Boolean).join(' ');
      document.getElementById('identity').textContent = (name || me.subject) + ' (' + me.role + ')';
      if (me.role === 'admin') {
        // The jobs dashboard (Hangfire) is for admins; its sign-in keeps the token in a cookie scoped to /jobs.
        const jobs = document.getElementById('jobs-link');
        jobs.querySelector('a').href = '/jobs/signin?access_token=' + encodeURIComponent(token());
        jobs.hidden = false;
      }
    } catch (r) {
      if (r && r.status === 401) { ended(); return; }
      document.getElementById('signin').hidden = false; return;
    }
    document.getElementById('reason').textContent = reason;
    document.getElementById('live').hidden = false;
    refreshCount();
    const hub = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/commandroom', { accessTokenFactory: token })
      .withAutomaticReconnect().build();
    hub.on('feedStarted', addFeed);
    hub.on('feedEnded', (e) => removeFeed(e.feed));
    hub.onreconnected(syncFeeds);
    await hub.start().catch((e) => console.warn('hub', e));
    await syncFeeds();
  }
  start();
})();
