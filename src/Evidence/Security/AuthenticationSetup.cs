using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Security;

/// <summary>
/// Bearer tokens from the instance key, or from an external OpenID Connect authority when one is set (the default
/// scheme, for every public endpoint); and node tokens on the internal endpoints (<see cref="NodeAuthentication"/>).
/// </summary>
internal static class AuthenticationSetup
{
    public static void AddCamerasAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer().AddNodeScheme(services);
        // Configured from the validated settings and the instance keys, both known only once the container is built.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<EvidenceOptions>, IServiceProvider>((options, settings, provider) =>
                Configure(options, settings.Value.Auth, () => provider.GetRequiredService<TokenIssuer>(), provider.GetRequiredService<TimeProvider>()));
        services.AddAuthorization();
    }

    private static void Configure(JwtBearerOptions options, AuthOptions auth, Func<TokenIssuer> issuer, TimeProvider clock)
    {
        options.MapInboundClaims = false;
        if (!string.IsNullOrEmpty(auth.Authority))
        {
            options.Authority = auth.Authority;
            options.Audience = auth.Audience;
            options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            options.TokenValidationParameters.NameClaimType = TokenIssuer.SubjectClaim;
            options.TokenValidationParameters.RoleClaimType = auth.RoleClaimName;
            // The provider's tokens too are checked against the host's clock, as the instance's are.
            options.TokenValidationParameters.LifetimeValidator = TokenLifetime.On(clock);
            // The instance's tokens allow 30 s of clock difference; IdentityModel's default (5 min) would let a
            // provider's access token work five minutes after it expired, past a sign-out's end of renewal.
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        }
        else
        {
            options.TokenValidationParameters = issuer().ValidationParameters();
        }
        options.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets, <video> requests or download links: accept access_token in
            // the query there, and only there (endpoints marked AllowQueryToken).
            OnMessageReceived = context =>
            {
                if (QueryToken.AllowedFor(context.HttpContext)
                    && context.Request.Query.TryGetValue(QueryToken.Parameter, out var token) && token.Count == 1)
                    context.Token = token[0];
                return Task.CompletedTask;
            },
            // A provider's token: the role must be there, and the agent's claims are read under the configured names.
            OnTokenValidated = context =>
            {
                if (string.IsNullOrEmpty(auth.Authority) || context.Principal is null) return Task.CompletedTask;
                var (user, refusal) = ProviderClaims.Map(context.Principal, auth.Claims, auth.RoleClaimName);
                if (user is null) context.Fail(new ProviderClaims.RefusedException(refusal!));
                else context.Principal = user;
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var detail = context.AuthenticateFailure switch
                {
                    not null when NodeTokens.LooksLikeNodeToken(NodeAuthentication.BearerToken(context.Request)) =>
                        "This is a node token; it is accepted only on the internal node-to-node endpoints.",
                    ProviderClaims.RefusedException refused => refused.Message,
                    SecurityTokenInvalidAudienceException =>
                        $"The bearer token is for another audience; this server takes tokens for '{auth.Audience}' (Cameras:Auth:Audience).",
                    SecurityTokenExpiredException => "The bearer token has expired; ask for a new one.",
                    SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                        "The bearer token's signature does not verify with this instance's key.",
                    not null => "The bearer token is not valid here.",
                    null => "This needs a bearer token (Authorization: Bearer …).",
                };
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
                    .ExecuteAsync(context.HttpContext);
            },
            OnForbidden = async context =>
            {
                var role = IdentityEndpoints.Of(context.HttpContext.User).Role;
                await Results.Problem($"The role '{role}' may not do this.", statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden").ExecuteAsync(context.HttpContext);
            },
        };
    }
}
