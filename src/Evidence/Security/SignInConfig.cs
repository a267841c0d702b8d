namespace Cameras.Evidence.Security;

/// <summary>
/// How the browser pages sign in, as <c>GET /api/auth/config</c> tells them: <c>token</c> (the instance's own tokens,
/// given by a link or <c>cameras token</c>), or <c>oidc</c> (Authorization Code with PKCE at the provider, in the
/// browser). Nothing secret: the workspace is a public client.
/// </summary>
public sealed record SignInConfig(string Mode, string? Authority = null, string? ClientId = null, string? Scope = null, string? Resource = null)
{
    public const string TokenMode = "token";
    public const string OidcMode = "oidc";

    public static SignInConfig From(AuthOptions auth) => string.IsNullOrEmpty(auth.Authority)
        ? new SignInConfig(TokenMode)
        : new SignInConfig(OidcMode, auth.Authority, auth.ClientId, auth.Scope, string.IsNullOrEmpty(auth.Resource) ? null : auth.Resource);
}
