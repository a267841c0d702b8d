// OpenID Connect in the browser: Authorization Code with PKCE (RFC 7636) for a public client, as plain functions over
// WebCrypto and fetch, without a library: the workspace needs the code flow, a refresh and the end-session URL, nothing
// else. No storage and no navigation here (session.ts does those), so each step is unit-tested.

export interface SignInConfig { mode: 'token' | 'oidc'; authority?: string | null; clientId?: string | null; scope?: string | null; resource?: string | null }
export interface Discovery { issuer: string; authorization_endpoint: string; token_endpoint: string; end_session_endpoint?: string }
/** What a sign-in keeps between the redirect to the provider and the return. */
export interface Pending { state: string; nonce: string; verifier: string; returnTo: string }
export interface Tokens { accessToken: string; refreshToken: string | null; idToken: string | null; expiresAt: number }

/** A refusal by the provider (its `error` and `error_description`), or a network failure (error `network`). */
export class OidcError extends Error {
  constructor(readonly error: string, readonly description: string) { super(description || error); }
}

export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomText(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier. */
export async function challenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export async function discover(authority: string, fetcher: typeof fetch = fetch): Promise<Discovery> {
  const url = authority.replace(/\/$/, '') + '/.well-known/openid-configuration';
  const response = await fetcher(url, { headers: { Accept: 'application/json' } }).catch(() => { throw new OidcError('network', url); });
  if (!response.ok) throw new OidcError('discovery', `${url}: ${response.status}`);
  const doc = await response.json() as Discovery;
  if (doc.issuer !== authority.replace(/\/$/, '') && doc.issuer !== authority)
    throw new OidcError('discovery', `issuer ${doc.issuer} is not ${authority}`);
  return doc;
}

export function authorizeUrl(discovery: Discovery, config: SignInConfig, redirectUri: string, pending: Pending, codeChallenge: string): string {
  const params = new URLSearchParams({
    response_type: 'code', client_id: config.clientId ?? '', redirect_uri: redirectUri, scope: config.scope || 'openid',
    state: pending.state, nonce: pending.nonce, code_challenge: codeChallenge, code_challenge_method: 'S256',
  });
  if (config.resource) params.set('resource', config.resource);
  return `${discovery.authorization_endpoint}${discovery.authorization_endpoint.includes('?') ? '&' : '?'}${params}`;
}

/** The provider's answer on the redirect URI: the code, once its state matches (and its issuer, RFC 9207, when given). */
export function callbackCode(query: URLSearchParams, pending: Pending | null, issuer: string): string {
  if (query.get('error')) throw new OidcError(query.get('error')!, query.get('error_description') ?? '');
  if (!pending || query.get('state') !== pending.state) throw new OidcError('state', 'the answer does not match a sign-in started here');
  if (query.has('iss') && query.get('iss') !== issuer) throw new OidcError('issuer', `the answer comes from ${query.get('iss')}`);
  const code = query.get('code');
  if (!code) throw new OidcError('code', 'the answer carries no code');
  return code;
}

/** The claims of a JWT, unverified: read only from the token endpoint's own answer (OIDC Core 3.1.3.7, point 6). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new OidcError('id_token', 'not a JWT');
  const text = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))));
}

async function tokenRequest(discovery: Discovery, body: URLSearchParams, now: number, fetcher: typeof fetch): Promise<Tokens & { raw: Record<string, unknown> }> {
  const response = await fetcher(discovery.token_endpoint, {
    method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
  }).catch(() => { throw new OidcError('network', discovery.token_endpoint); });
  const json = await response.json().catch(() => ({})) as Record<string, unknown>;
  if (!response.ok || typeof json.access_token !== 'string')
    throw new OidcError(String(json.error ?? response.status), String(json.error_description ?? ''));
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 300);
  return {
    accessToken: json.access_token, refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
    idToken: typeof json.id_token === 'string' ? json.id_token : null, expiresAt: now + expiresIn * 1000, raw: json,
  };
}

/** Exchanges the code (with the PKCE verifier) and checks the ID token's issuer, audience and nonce. */
export async function exchangeCode(discovery: Discovery, config: SignInConfig, redirectUri: string, code: string, pending: Pending,
  now = Date.now(), fetcher: typeof fetch = fetch): Promise<Tokens> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: config.clientId ?? '',
    code_verifier: pending.verifier });
  if (config.resource) body.set('resource', config.resource);
  const tokens = await tokenRequest(discovery, body, now, fetcher);
  if (tokens.idToken) {
    const claims = jwtClaims(tokens.idToken);
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== discovery.issuer) throw new OidcError('id_token', `issued by ${String(claims.iss)}`);
    if (!audience.includes(config.clientId)) throw new OidcError('id_token', 'issued to another client');
    if (claims.nonce !== pending.nonce) throw new OidcError('id_token', 'nonce does not match');
  }
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, idToken: tokens.idToken, expiresAt: tokens.expiresAt };
}

/** A new access token from the refresh token; the provider may rotate the refresh token, or keep it. */
export async function refresh(discovery: Discovery, config: SignInConfig, current: Tokens, now = Date.now(), fetcher: typeof fetch = fetch): Promise<Tokens> {
  if (!current.refreshToken) throw new OidcError('invalid_grant', 'no refresh token');
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: config.clientId ?? '' });
  if (config.resource) body.set('resource', config.resource);
  const tokens = await tokenRequest(discovery, body, now, fetcher);
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? current.refreshToken,
    idToken: tokens.idToken ?? current.idToken, expiresAt: tokens.expiresAt };
}

/**
 * When to renew: a quarter of the token's life before it ends, at most a minute before, never in the past. Without
 * a refresh token, when it ends (the session is then over).
 */
export function renewAt(tokens: Tokens, issuedAt: number): number {
  if (!tokens.refreshToken) return tokens.expiresAt;
  const life = Math.max(0, tokens.expiresAt - issuedAt);
  return Math.max(issuedAt, tokens.expiresAt - Math.min(60_000, life / 4));
}

/** The provider's end-session URL (RP-Initiated Logout), or null when it has none. */
export function endSessionUrl(discovery: Discovery, config: SignInConfig, idToken: string | null, postLogoutUri: string, state: string): string | null {
  if (!discovery.end_session_endpoint) return null;
  const params = new URLSearchParams({ client_id: config.clientId ?? '', post_logout_redirect_uri: postLogoutUri, state });
  if (idToken) params.set('id_token_hint', idToken);
  return `${discovery.end_session_endpoint}${discovery.end_session_endpoint.includes('?') ? '&' : '?'}${params}`;
}
