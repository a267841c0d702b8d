// Dashboard sign-in: without an identity provider, /#token=TOKEN signs in (development and tests).
'use strict';
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('cameras.token', hash.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem('cameras.token');
  const api = (path) => fetch(path, { headers: { Authorization: 'Bearer ' + token } })
    .then((r) => (r.ok ? r.json() : Promise.reject(r)));
  const text = (value) => document.createTextNode(value ?? '—');

  async function start() {
    if (!token) { document.getElementById('signin').hidden = false; return; }
    try {
      const me = await api('/api/me');
      document.getElementById('identity').textContent = me.subject + ' (' + me.role + ')';
    } catch { document.getElementById('signin').hidden = false; return; }
    const recordings = await api('/api/recordings?limit=50').catch(() => []);
    const body = document.querySelector('#recordings tbody');
    for (const r of recordings) {
      const row = body.insertRow();
      for (const v of [new Date(r.receivedAt).toLocaleString('fr-FR'), r.camera, r.officer, r.filename,
        (r.size / 1e6).toFixed(1) + ' Mo', r.status]) row.insertCell().appendChild(text(v));
    }
    document.getElementById('recordings').hidden = false;
  }
  start();
})();
