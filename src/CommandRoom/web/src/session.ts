// Who is signed in. Two ways in, as GET /api/auth/config says:
// - token: the link ./run.sh prints carries #token=…; the token is kept for the tab's session (sessionStorage) and
//   taken out of the address bar at once.
// - oidc: the provider's sign-in (Authorization Code + PKCE, logic/oidc.ts), back on /app/signin.html. The tokens are
//   kept in localStorage, shared by every tab of the origin, as the provider's own session is: a second tab is signed
//   in already, and the tabs renew one session rather than each its own. The access token is renewed with the refresh
//   token before it ends, by one tab at a time (a Web Lock; the tab that gets it reads the stored tokens again and
//   renews only if no other tab just did): the provider rotates refresh tokens, and one presented twice ends the
//   whole session. A session that cannot be renewed, or a 401, leads to /app/signin.html?expired=1 (« Votre session a
//   expiré »), never to a page half working; signing out, or a session ending, in one tab does so in all.
import * as oidc from './logic/oidc';

const key = 'cameras.token';
const sessionKey = 'cameras.oidc';
const renewLock = 'cameras.oidc.renew';
const pendingKey = 'cameras.oidc.pending';
export const signInPath = '/app/signin.html';

interface Kept { tokens: oidc.Tokens; issuedAt: number }

let config: Promise<oidc.SignInConfig> | null = null;
let discovery: Promise<oidc.Discovery> | null = null;
let renewing: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** The access token as of now: the shared provider session's, else this tab's own (#token=). */
export function token(): string | null {
  const hash = new URLSearchParams(location.hash.slice(1));
  const given = hash.get('token');
  if (given) {
    sessionStorage.setItem(key, given);
    hash.delete('token');
    history.replaceState(null, '', location.pathname + location.search + (hash.toString() ? '#' + hash : ''));
  }
  return kept()?.tokens.accessToken ?? sessionStorage.getItem(key);
}

export function signInConfig(): Promise<oidc.SignInConfig> {
  config ??= fetch('/api/auth/config', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : { mode: 'token' }))
    .catch(() => ({ mode: 'token' }));
  return config;
}

function provider(c: oidc.SignInConfig): Promise<oidc.Discovery> {
  discovery ??= oidc.discover(c.authority!);
  discovery.catch(() => { discovery = null; });
  return discovery;
}

const redirectUri = () => location.origin + signInPath;
const here = () => location.pathname + location.search + location.hash;
const kept = (): Kept | null => JSON.parse(localStorage.getItem(sessionKey) ?? 'null');

function keep(tokens: oidc.Tokens, issuedAt: number): void {
  localStorage.setItem(sessionKey, JSON.stringify({ tokens, issuedAt } satisfies Kept));
}

function forget(): void {
  sessionStorage.removeItem(key);
  localStorage.removeItem(sessionKey);
  clearTimeout(timer);
  void recordRenewal(null).catch(() => undefined);
}

// localStorage is what every tab reads at once, but a write in one tab reaches another tab's copy a moment later,
// possibly after the renewal lock has passed to it, which would then present the refresh token just used. So the
// renewal itself is also recorded in IndexedDB, whose transactions every tab sees in commit order, and read from
// there under the lock.
const renewalStore = 'renewal';
function renewalDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('cameras.oidc', 1);
    open.onupgradeneeded = () => open.result.createObjectStore(renewalStore);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function latestRenewal(): Promise<Kept | null> {
  const db = await renewalDb();
  try {
    return await new Promise<Kept | null>((resolve, reject) => {
      const get = db.transaction(renewalStore, 'readonly').objectStore(renewalStore).get(sessionKey);
      get.onsuccess = () => resolve((get.result as Kept | undefined) ?? null);
      get.onerror = () => reject(get.error);
    });
  } finally { db.close(); }
}

async function recordRenewal(k: Kept | null): Promise<void> {
  const db = await renewalDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(renewalStore, 'readwrite');
      if (k) tx.objectStore(renewalStore).put(k, sessionKey); else tx.objectStore(renewalStore).delete(sessionKey);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally { db.close(); }
}

/**
 * Before a page shows anything: true when it may go on (a token, or the token mode: the page then says how to sign
 * in); false when the browser is on its way to the provider.
 */
export async function ready(): Promise<boolean> {
  const c = await signInConfig();
  if (c.mode !== 'oidc') { localStorage.removeItem(sessionKey); return true; } // a provider's session from an earlier set-up
  if (kept()) {
    schedule();
    return true;
  }
  await signIn(here());
  return false;
}

/** Off to the provider's sign-in; back on /app/signin.html, then on returnTo. */
export async function signIn(returnTo: string): Promise<void> {
  const c = await signInConfig();
  const d = await provider(c);
  const pending: oidc.Pending = { state: oidc.randomText(), nonce: oidc.randomText(), verifier: oidc.randomText(48), returnTo };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  location.assign(oidc.authorizeUrl(d, c, redirectUri(), pending, await oidc.challenge(pending.verifier)));
}

/** On /app/signin.html with the provider's answer: the tokens kept, and where to go next. */
export async function completeSignIn(query: URLSearchParams): Promise<string> {
  const c = await signInConfig();
  const d = await provider(c);
  const pending: oidc.Pending | null = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
  sessionStorage.removeItem(pendingKey);
  const code = oidc.callbackCode(query, pending, d.issuer);
  const now = Date.now();
  keep(await oidc.exchangeCode(d, c, redirectUri(), code, pending!, now), now);
  // Only back to a page of this origin, whatever the return parameter said.
  const back = new URL(pending!.returnTo, location.origin);
  return back.origin === location.origin ? back.pathname + back.search + back.hash : '/app/recordings.html';
}

/** The access token, renewed first if it is due (a timer in a background tab may have been held back). */
export async function freshToken(): Promise<string | null> {
  const k = kept();
  if (k && Date.now() >= oidc.renewAt(k.tokens, k.issuedAt)) await renew();
  return token();
}

function schedule(): void {
  clearTimeout(timer);
  const k = kept();
  if (!k) return;
  timer = setTimeout(() => void renew(), Math.max(0, oidc.renewAt(k.tokens, k.issuedAt) - Date.now()));
}

/** Runs `work` holding the origin's renewal lock, so one tab renews at a time. Web Locks exist in secure contexts
 * only (https, or loopback): elsewhere tabs renew on their own, as if each were alone. */
async function oneTabAtATime(work: () => Promise<void>): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.locks) await navigator.locks.request(renewLock, work);
  else await work();
}

function renew(): Promise<void> {
  renewing ??= oneTabAtATime(async () => {
    // Read under the lock: another tab may have renewed the shared session while this one waited for it (its
    // IndexedDB record says so even before this tab's copy of localStorage does).
    let k = kept();
    if (!k) return;
    const latest = await latestRenewal().catch(() => null);
    if (latest && latest.issuedAt > k.issuedAt) { k = latest; keep(k.tokens, k.issuedAt); }
    if (Date.now() < oidc.renewAt(k.tokens, k.issuedAt)) { schedule(); return; }
    if (!k.tokens.refreshToken) { sessionExpired(); return; } // no renewal: the session ends with this token
    try {
      const c = await signInConfig();
      const now = Date.now();
      const renewed: Kept = { tokens: await oidc.refresh(await provider(c), c, k.tokens, now), issuedAt: now };
      await recordRenewal(renewed).catch(() => undefined); // before the lock passes on
      keep(renewed.tokens, renewed.issuedAt);
      schedule();
    } catch (e) {
      // A network blip: try again shortly while the token still holds; the provider's refusal ends the session.
      if (e instanceof oidc.OidcError && e.error === 'network' && Date.now() < k.tokens.expiresAt) {
        timer = setTimeout(() => void renew(), 5000);
      } else {
        sessionExpired();
      }
    }
  }).finally(() => { renewing = null; });
  return renewing;
}

if (typeof window !== 'undefined') {
  // Another tab renewed the shared session (this tab's timer follows the new token), or it ended there (so here too).
  window.addEventListener('storage', (e) => {
    if (e.key !== sessionKey && e.key !== null) return;
    if (kept()) schedule();
    else if (e.oldValue) sessionExpired();
  });
}

if (typeof document !== 'undefined')
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && kept()) void freshToken(); });

/** The session is over (the provider would not renew it, or the server refused the token): to sign-in, saying so. */
export function sessionExpired(why?: string): void {
  forget();
  if (location.pathname === signInPath) return;
  const query = new URLSearchParams({ expired: '1', return: here() });
  if (why) query.set('why', why);
  location.assign(`${signInPath}?${query}`);
}

export async function signOut(): Promise<void> {
  const c = await signInConfig();
  const idToken = kept()?.tokens.idToken ?? null;
  forget();
  if (c.mode !== 'oidc') { location.assign('/'); return; }
  const d = await provider(c).catch(() => null);
  const end = d && oidc.endSessionUrl(d, c, idToken, redirectUri(), 'signedout');
  location.assign(end ?? `${signInPath}?state=signedout`);
}
