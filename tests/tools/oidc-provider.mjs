// A real OpenID Connect provider for the sign-in tests: panva's oidc-provider (certified), in memory, on plain http.
// usage: node oidc-provider.mjs PORT APP_ORIGIN [ACCESS_TOKEN_SECONDS]
//
// - client `cameras-workspace`: public (no secret), Authorization Code + PKCE, refresh tokens; redirect and
//   post-logout URIs /app/signin.html of APP_ORIGIN.
// - clients `probe-operator` and `probe-norole` (secret `probe-secret`): client_credentials, for the API refusal
//   tests; `probe-terminal` (role terminal, tokens of an hour whatever ACCESS_TOKEN_SECONDS) pushes live feeds;
//   `resource=urn:cameras` gives a token for the audience `cameras`, `resource=urn:other` one for `other`.
// - accounts: log in with the id below and any password (the provider's own development login form). Roles and
//   agent claims are under names of this provider's (`cameras_role`, `employee_number`, `family_name`, …), which
//   the server maps through Cameras:Auth:Claims:*. `court-lefebvre` gets no refresh token: their session ends with
//   their first access token.
// mag-martin's role claim is a list (a group of the provider's own first), as some providers give it.
// Access tokens are JWTs (RS256) with the role and agent claims; ACCESS_TOKEN_SECONDS (default 3600) is their life.
// Prints `listening ISSUER` on stdout once it answers.
import Provider from 'oidc-provider';

const [port, app, accessSeconds = '3600'] = process.argv.slice(2);
if (!port || !app) {
  console.error('usage: node oidc-provider.mjs PORT APP_ORIGIN [ACCESS_TOKEN_SECONDS]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const accounts = {
  'op-dupont': { cameras_role: 'operator', employee_number: 'M-1001', family_name: 'Dupont', given_name: 'Anne', grade: 'brigadier', department: 'CIC Paris' },
  'adm-bernard': { cameras_role: 'admin', employee_number: 'M-1002', family_name: 'Bernard', given_name: 'Paul', grade: 'commandant', department: 'DSIC' },
  'mag-martin': { cameras_role: ['justice', 'magistrate'], employee_number: 'J-2001', family_name: 'Martin', given_name: 'Claire', grade: 'substitut', department: 'Parquet de Paris' },
  'court-lefebvre': { cameras_role: 'operator', employee_number: 'M-1003', family_name: 'Lefebvre', given_name: 'Luc', grade: 'gardien', department: 'CIC Paris' },
  'sans-role': { employee_number: 'M-1004', family_name: 'Petit', given_name: 'Marc' },
};
const serviceAccounts = { 'probe-operator': { cameras_role: 'operator' }, 'probe-norole': {}, 'probe-terminal': { cameras_role: 'terminal' } };
// The terminal pushes a live feed for longer than the short access tokens the viewers' tests ask for.
const ttlOf = (client) => (client?.clientId === 'probe-terminal' ? 3600 : Number(accessSeconds));
const resources = { 'urn:cameras': 'cameras', 'urn:other': 'other' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cameras-workspace',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${app}/app/signin.html`],
      post_logout_redirect_uris: [`${app}/app/signin.html`],
    },
    ...Object.keys(serviceAccounts).map((client_id) => ({
      client_id, client_secret: 'probe-secret', grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
    })),
  ],
  async findAccount(_ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...accounts[sub] }) };
  },
  claims: { openid: ['sub'], profile: ['family_name', 'given_name', 'employee_number', 'grade', 'department', 'cameras_role'] },
  // The workspace is first-party: no consent screen, the login form is the one interaction.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['sub']);
    for (const resource of Object.keys(resources)) grant.addResourceScope(resource, 'cameras');
    await grant.save();
    return grant;
  },
  // Refresh tokens without offline_access (which this provider admits only with prompt=consent), except for the
  // account whose session is meant to run out.
  async issueRefreshToken(_ctx, client, code) {
    return client.grantTypeAllowed('refresh_token') && code.accountId !== 'court-lefebvre';
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => 'urn:cameras',
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource, client) => {
        if (!resources[resource]) throw new Provider.errors.InvalidTarget();
        return { scope: 'cameras', audience: resources[resource], accessTokenFormat: 'jwt', accessTokenTTL: ttlOf(client),
          jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  // The role and who the agent is go into the access token, which is what the API reads.
  async extraTokenClaims(_ctx, token) {
    if (token.kind === 'ClientCredentials') return serviceAccounts[token.clientId];
    return token.accountId ? accounts[token.accountId] : undefined;
  },
  ttl: {
    AccessToken: () => Number(accessSeconds),
    ClientCredentials: (_ctx, _token, client) => ttlOf(client),
    IdToken: () => Number(accessSeconds),
    RefreshToken: () => 24 * 3600,
    Session: () => 24 * 3600,
    Grant: () => 24 * 3600,
    Interaction: () => 3600,
    AuthorizationCode: () => 60,
  },
  pkce: { required: () => true },
  cookies: { keys: ['cameras-test-provider-cookie-key'] },
  jwks: undefined, // a fresh signing key each run
});
provider.proxy = false;

const server = provider.listen(Number(port), '127.0.0.1', () => console.log(`listening ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
