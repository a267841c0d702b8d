import { describe, expect, it } from 'vitest';
import { authorizeUrl, base64Url, callbackCode, challenge, endSessionUrl, exchangeCode, jwtClaims, OidcError, refresh, renewAt,
  type Discovery, type Pending } from '../src/logic/oidc';

const discovery: Discovery = { issuer: 'https://id.example', authorization_endpoint: 'https://id.example/auth',
  token_endpoint: 'https://id.example/token', end_session_endpoint: 'https://id.example/session/end' };
const config = { mode: 'oidc' as const, authority: 'https://id.example', clientId: 'cameras-workspace', scope: 'openid profile', resource: null };
const pending: Pending = { state: 's1', nonce: 'n1', verifier: 'v'.repeat(43), returnTo: '/app/cases.html' };
const jwt = (claims: object) => `e30.${base64Url(new TextEncoder().encode(JSON.stringify(claims)))}.sig`;
const answer = (status: number, body: object): typeof fetch => async () => new Response(JSON.stringify(body), { status });

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('asks for the code with the challenge, the state and the nonce', () => {
    const url = new URL(authorizeUrl(discovery, { ...config, resource: 'urn:cameras' }, 'https://app/app/signin.html', pending, 'CH'));
    expect(url.origin + url.pathname).toBe('https://id.example/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'cameras-workspace',
      redirect_uri: 'https://app/app/signin.html', scope: 'openid profile', state: 's1', nonce: 'n1', code_challenge: 'CH',
      code_challenge_method: 'S256', resource: 'urn:cameras' });
  });
});

describe('the answer on the redirect URI', () => {
  it('gives the code when the state and issuer match', () => {
    expect(callbackCode(new URLSearchParams('code=C&state=s1&iss=https%3A%2F%2Fid.example'), pending, discovery.issuer)).toBe('C');
  });
  it('refuses a state this tab did not start, another issuer, or the provider\'s error', () => {
    expect(() => callbackCode(new URLSearchParams('code=C&state=other'), pending, discovery.issuer)).toThrow(/does not match/);
    expect(() => callbackCode(new URLSearchParams('code=C&state=s1'), null, discovery.issuer)).toThrow(OidcError);
    expect(() => callbackCode(new URLSearchParams('code=C&state=s1&iss=https%3A%2F%2Fevil'), pending, discovery.issuer)).toThrow(/evil/);
    expect(() => callbackCode(new URLSearchParams('error=access_denied&error_description=no'), pending, discovery.issuer)).toThrow('no');
  });
});

describe('tokens', () => {
  it('keeps the tokens of the exchange once the ID token is ours', async () => {
    const id = jwt({ iss: 'https://id.example', aud: 'cameras-workspace', nonce: 'n1' });
    const tokens = await exchangeCode(discovery, config, 'r', 'C', pending, 1000,
      answer(200, { access_token: 'AT', refresh_token: 'RT', id_token: id, expires_in: 60 }));
    expect(tokens).toEqual({ accessToken: 'AT', refreshToken: 'RT', idToken: id, expiresAt: 61_000 });
  });
  it('refuses an ID token with another nonce or for another client', async () => {
    const wrongNonce = jwt({ iss: 'https://id.example', aud: 'cameras-workspace', nonce: 'x' });
    await expect(exchangeCode(discovery, config, 'r', 'C', pending, 0, answer(200, { access_token: 'AT', id_token: wrongNonce })))
      .rejects.toThrow(/nonce/);
    const otherClient = jwt({ iss: 'https://id.example', aud: ['someone'], nonce: 'n1' });
    await expect(exchangeCode(discovery, config, 'r', 'C', pending, 0, answer(200, { access_token: 'AT', id_token: otherClient })))
      .rejects.toThrow(/another client/);
  });
  it('says what the provider refused', async () => {
    await expect(exchangeCode(discovery, config, 'r', 'C', pending, 0, answer(400, { error: 'invalid_grant', error_description: 'grant request is invalid' })))
      .rejects.toMatchObject({ error: 'invalid_grant', description: 'grant request is invalid' });
  });
  it('keeps the refresh token when the provider does not rotate it', async () => {
    const renewed = await refresh(discovery, config, { accessToken: 'A1', refreshToken: 'R1', idToken: 'I', expiresAt: 0 }, 5000,
      answer(200, { access_token: 'A2', expires_in: 30 }));
    expect(renewed).toEqual({ accessToken: 'A2', refreshToken: 'R1', idToken: 'I', expiresAt: 35_000 });
  });
  it('reads a JWT\'s claims, UTF-8 included', () => {
    expect(jwtClaims(jwt({ family_name: 'Lefèvre' }))).toEqual({ family_name: 'Lefèvre' });
  });
});

describe('renewal', () => {
  it('comes a quarter of the life before the end, at most a minute', () => {
    expect(renewAt({ accessToken: '', refreshToken: 'R', idToken: null, expiresAt: 20_000 }, 0)).toBe(15_000);
    expect(renewAt({ accessToken: '', refreshToken: 'R', idToken: null, expiresAt: 3_600_000 }, 0)).toBe(3_540_000);
  });
  it('is the end of the session without a refresh token', () => {
    expect(renewAt({ accessToken: '', refreshToken: null, idToken: null, expiresAt: 20_000 }, 0)).toBe(20_000);
  });
  it('signs out at the provider with the ID token and comes back', () => {
    const url = new URL(endSessionUrl(discovery, config, 'ID', 'https://app/app/signin.html', 'signedout')!);
    expect(url.searchParams.get('id_token_hint')).toBe('ID');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('https://app/app/signin.html');
    expect(endSessionUrl({ ...discovery, end_session_endpoint: undefined }, config, 'ID', 'x', 's')).toBeNull();
  });
});
