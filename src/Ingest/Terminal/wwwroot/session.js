// The terminal's sign-in (the token in the page's hash, as on the dashboard) and the settings it remembers.
const KEY = 'cameras.terminal';

export function token() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(KEY + '.token', fromHash);
    history.replaceState(null, '', location.pathname); // keep the token out of the address bar and history
    return fromHash;
  }
  return sessionStorage.getItem(KEY + '.token');
}

/** The subject (terminal id) the token names, for display and the default feed id; the server checks the token. */
export function subjectOf(jwt) {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return payload.sub || payload.name || null;
  } catch (e) { return null; }
}

export function remembered() {
  try { return JSON.parse(localStorage.getItem(KEY) || '{}'); } catch (e) { return {}; }
}

export function remember(values) { localStorage.setItem(KEY, JSON.stringify(values)); }

/** A feed id for a new intervention: the terminal and the time, e.g. neo2-7-20261201-2042. */
export function newFeedId(subject) {
  const d = new Date(), p = (n) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  return `${(subject || 'terminal').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${stamp}`;
}

export function pushUrl(feed, jwt, identity) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = new URLSearchParams({ access_token: jwt });
  for (const [k, v] of Object.entries(identity)) if (v) q.set(k, v);
  return `${scheme}//${location.host}/terminal/push/${encodeURIComponent(feed)}?${q}`;
}
