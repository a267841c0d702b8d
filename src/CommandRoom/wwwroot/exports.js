// Exports page: an operator builds a sealed export for a procedure and shares it with a magistrate; a magistrate
// sees and downloads theirs. Same sign-in as the dashboard: #token=TOKEN, kept for the session.
'use strict';
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('cameras.token', hash.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem('cameras.token');
  const headers = { Authorization: 'Bearer ' + token };
  const api = (path, init) => fetch(path, { ...init, headers: { ...headers, ...(init && init.headers) } })
    .then(async (r) => (r.ok ? r.json() : Promise.reject(await problem(r))));
  const problem = async (r) => { try { return (await r.json()).detail || r.statusText; } catch { return r.statusText; } };
  const text = (value) => document.createTextNode(value ?? '—');
  const states = { pending: 'en attente', building: 'en cours', sealed: 'scellé', failed: 'échec' };
  let me = null;

  async function search() {
    const form = document.getElementById('build-form');
    const query = new URLSearchParams({ limit: '200' });
    for (const name of ['camera', 'officer']) if (form[name].value) query.set(name, form[name].value);
    for (const name of ['from', 'to']) if (form[name].value) query.set(name, new Date(form[name].value).toISOString());
    const body = document.querySelector('#choices tbody');
    body.replaceChildren();
    for (const r of await api('/api/recordings?' + query).catch(() => [])) {
      const row = body.insertRow();
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = r.id;
      box.name = 'recording';
      row.insertCell().appendChild(box);
      for (const v of [new Date(r.recordedAt || r.receivedAt).toLocaleString('fr-FR'), r.camera, r.officer, r.filename,
        (r.size / 1e6).toFixed(1) + ' Mo']) row.insertCell().appendChild(text(v));
    }
  }

  async function create(event) {
    event.preventDefault();
    const form = event.target;
    const recordings = [...form.querySelectorAll('input[name=recording]:checked')].map((b) => b.value);
    const out = document.getElementById('build-result');
    try {
      const created = await api('/api/exports', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ procedure: form.procedure.value, reason: form.reason.value, recordings, playback: form.playback.checked }),
      });
      out.textContent = 'Export ' + created.id + ' demandé.';
      refresh();
    } catch (e) { out.textContent = 'Refusé : ' + e; }
  }

  async function share(id) {
    const magistrate = prompt('Identifiant du magistrat destinataire :');
    if (!magistrate) return;
    try {
      const s = await api('/api/exports/' + id + '/shares', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ magistrate }),
      });
      alert('Partagé avec ' + s.magistrate + ' jusqu\'au ' + new Date(s.expiresAt).toLocaleString('fr-FR'));
      refresh();
    } catch (e) { alert('Refusé : ' + e); }
  }

  async function download(id, button) {
    button.disabled = true;
    button.textContent = 'téléchargement…';
    const r = await fetch('/api/exports/' + id + '/package', { headers });
    if (!r.ok) { alert('Refusé : ' + await problem(r)); button.disabled = false; button.textContent = 'Télécharger'; return; }
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'export-' + id + '.zip';
    a.click();
    URL.revokeObjectURL(url);
    button.disabled = false;
    button.textContent = 'Télécharger';
  }

  function progress(e) {
    const span = document.createElement('span');
    span.appendChild(text(states[e.status] || e.status));
    if (e.status === 'building') {
      const bar = document.createElement('span');
      bar.className = 'progress';
      const fill = document.createElement('span');
      fill.style.width = Math.round(e.progress * 100) + '%';
      bar.appendChild(fill);
      span.append(' ', bar);
    }
    if (e.error) span.append(' (' + e.error + ')');
    return span;
  }

  async function refresh() {
    const exports = await api('/api/exports').catch(() => []);
    const body = document.querySelector('#exports tbody');
    body.replaceChildren();
    for (const e of exports) {
      const row = body.insertRow();
      row.dataset.id = e.id;
      for (const v of [new Date(e.createdAt).toLocaleString('fr-FR'), e.procedure, String(e.recordings.length)]) row.insertCell().appendChild(text(v));
      row.insertCell().appendChild(progress(e));
      row.insertCell().appendChild(text(e.size ? (e.size / 1e6).toFixed(1) + ' Mo' : null));
      row.insertCell().appendChild(text(e.manifestSha256 ? e.manifestSha256.slice(0, 16) + '…' : null));
      const action = row.insertCell();
      if (e.status !== 'sealed') continue;
      const button = document.createElement('button');
      if (me.role === 'magistrate') {
        button.textContent = 'Télécharger';
        button.onclick = () => download(e.id, button);
      } else {
        button.textContent = 'Partager';
        button.onclick = () => share(e.id);
        const shared = e.shares.map((s) => s.magistrate).join(', ');
        if (shared) action.append('partagé avec ' + shared + ' ');
      }
      action.appendChild(button);
    }
    if (exports.some((e) => e.status === 'pending' || e.status === 'building')) setTimeout(refresh, 1500);
  }

  async function start() {
    if (!token) { document.getElementById('signin').hidden = false; return; }
    try { me = await api('/api/me'); } catch { document.getElementById('signin').hidden = false; return; }
    document.getElementById('identity').textContent = me.subject + ' (' + me.role + ')';
    if (me.role === 'operator' || me.role === 'admin') {
      document.getElementById('build').hidden = false;
      document.getElementById('search').onclick = search;
      document.getElementById('build-form').onsubmit = create;
      search();
    }
    document.getElementById('exports-title').textContent = me.role === 'magistrate' ? 'Mes exports' : 'Exports';
    document.getElementById('exports').hidden = false;
    refresh();
  }
  start();
})();
