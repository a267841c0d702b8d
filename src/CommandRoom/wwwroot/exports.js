// Exports page: an operator builds a sealed export for a procedure and shares it with a magistrate; a magistrate
// sees and downloads theirs. Same sign-in as the dashboard: #token=TOKEN, kept for the session.
'use strict';
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('cameras.token', hash.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  // Read at each use: with an identity provider, /app/keeper.js renews it in the background.
  const token = () => sessionStorage.getItem('cameras.token');
  const api = (path, init) => fetch(path, { ...init, headers: { Authorization: 'Bearer ' + token(), ...(init && init.headers) } })
    .then(async (r) => (r.ok ? r.json() : Promise.reject(await problem(r))));
  // The server's problem+json is in English; a user reads French: known codes get a French sentence.
  const messages = {
    'reason-required': 'un motif est obligatoire.',
    'procedure-required': 'le numéro de procédure est obligatoire.',
    'no-recordings': 'aucun enregistrement choisi.',
    'recording-not-found': 'un enregistrement choisi n\'existe pas.',
    'recording-purged': 'un enregistrement choisi a été purgé.',
    'bad-export-request': 'demande invalide.',
    'export-not-found': 'export introuvable.',
    'link-expired': 'le lien a expiré ; demandez un nouveau partage.',
    'export-not-sealed': 'l\'export n\'est pas encore scellé.',
    'export-not-failed': 'seul un export en échec peut être relancé.',
    'case-not-found': 'dossier introuvable.',
  };
  const statuses = { 401: 'session expirée ou jeton invalide.', 403: 'action non autorisée pour votre rôle.' };
  const problem = async (r) => {
    let body = null;
    try { body = await r.json(); } catch { /* not problem+json */ }
    return (body && messages[body.code]) || statuses[r.status] || (body && body.detail) || ('erreur ' + r.status + '.');
  };
  const say = (message) => { document.getElementById('message').textContent = message; };
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

  async function share(id, input) {
    const magistrate = input.value.trim();
    if (!magistrate) { say('Indiquez l\'identifiant du magistrat destinataire.'); input.focus(); return; }
    try {
      const s = await api('/api/exports/' + id + '/shares', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ magistrate }),
      });
      say('Partagé avec ' + s.magistrate + ' jusqu\'au ' + new Date(s.expiresAt).toLocaleString('fr-FR') + '.');
      refresh();
    } catch (e) { say('Partage refusé : ' + e); }
  }

  // A failed export is built again from scratch (a new package under a new key); the request is in the ledger.
  async function retry(id) {
    try {
      await api('/api/exports/' + id + '/retry', { method: 'POST' });
      say('Export ' + id + ' relancé.');
      refresh();
    } catch (e) { say('Relance refusée : ' + e); }
  }

  // A plain link, not fetch + blob: the browser streams the package (up to tens of GB) straight to disk and can
  // resume it. A link carries no header, so the token and the reason go in the query (accepted on this path only).
  // Checking the export first (which logs nothing) turns a refusal into a sentence instead of a failed download.
  async function download(id) {
    const reason = document.getElementById('download-reason').value.trim();
    if (!reason) { say('Indiquez le motif du téléchargement.'); document.getElementById('download-reason').focus(); return; }
    try {
      const e = await api('/api/exports/' + id);
      const share = e.shares.find((s) => s.magistrate === me.subject);
      if (share && new Date(share.expiresAt) <= new Date()) { say('Téléchargement refusé : ' + messages['link-expired']); return; }
    } catch (e) { say('Téléchargement refusé : ' + e); return; }
    const a = document.createElement('a');
    a.href = '/api/exports/' + id + '/package?' + new URLSearchParams({ access_token: token(), reason });
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
    say('Téléchargement lancé (voir les téléchargements du navigateur).');
  }

  function progress(e) {
    const span = document.createElement('span');
    span.appendChild(text(states[e.status] || e.status));
    if (e.status === 'building' && e.attempts > 1) span.append(' (essai ' + e.attempts + ')');
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
      row.dataset.status = e.status;
      for (const v of [new Date(e.createdAt).toLocaleString('fr-FR'), e.procedure, String(e.recordings.length)]) row.insertCell().appendChild(text(v));
      row.insertCell().appendChild(progress(e));
      row.insertCell().appendChild(text(e.size ? (e.size / 1e6).toFixed(1) + ' Mo' : null));
      row.insertCell().appendChild(text(e.manifestSha256 ? e.manifestSha256.slice(0, 16) + '…' : null));
      const action = row.insertCell();
      if (e.status === 'failed' && me.role !== 'magistrate') {
        const again = document.createElement('button');
        again.textContent = 'Relancer';
        again.className = 'retry';
        again.onclick = () => retry(e.id);
        action.appendChild(again);
      }
      if (e.status !== 'sealed') continue;
      const button = document.createElement('button');
      if (me.role === 'magistrate') {
        button.textContent = 'Télécharger';
        button.className = 'download';
        button.onclick = () => download(e.id);
      } else {
        const shared = e.shares.map((s) => s.magistrate).join(', ');
        if (shared) action.append('partagé avec ' + shared + ' ');
        const input = document.createElement('input');
        input.className = 'magistrate';
        input.placeholder = 'magistrat';
        input.size = 10;
        button.textContent = 'Partager';
        button.className = 'share';
        button.onclick = () => share(e.id, input);
        action.appendChild(input);
      }
      action.appendChild(button);
    }
    if (exports.some((e) => e.status === 'pending' || e.status === 'building')) setTimeout(refresh, 1500);
  }

  async function start() {
    if (!token()) { document.getElementById('signin').hidden = false; return; }
    try { me = await api('/api/me'); } catch (e) {
      if (e === statuses[401]) { location.assign('/app/signin.html?expired=1&return=' + encodeURIComponent(location.pathname)); return; }
      document.getElementById('signin').hidden = false; say('Connexion refusée : ' + e); return;
    }
    const name = [me.agent?.prenom, me.agent?.nom].filter(Boolean).join(' ');
    document.getElementById('identity').textContent = (name || me.subject) + ' (' + me.role + ')';
    if (me.role === 'operator' || me.role === 'admin') {
      document.getElementById('build').hidden = false;
      document.getElementById('search').onclick = search;
      document.getElementById('build-form').onsubmit = create;
      search();
    }
    document.getElementById('exports-title').textContent = me.role === 'magistrate' ? 'Mes exports' : 'Exports';
    document.getElementById('download').hidden = me.role !== 'magistrate';
    document.getElementById('exports').hidden = false;
    refresh();
  }
  start();
})();
