// Sign-in without an identity provider: the link ./run.sh prints carries #token=…; the token is kept for the tab's
// session (sessionStorage, the key the live dashboard uses too) and taken out of the address bar at once.

const key = 'cameras.token';

export function token(): string | null {
  const hash = new URLSearchParams(location.hash.slice(1));
  const given = hash.get('token');
  if (given) {
    sessionStorage.setItem(key, given);
    hash.delete('token');
    history.replaceState(null, '', location.pathname + location.search + (hash.toString() ? '#' + hash : ''));
  }
  return sessionStorage.getItem(key);
}

export function signOut(): void {
  sessionStorage.removeItem(key);
  location.assign('/');
}
