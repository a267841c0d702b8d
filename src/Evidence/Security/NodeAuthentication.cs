using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Security;

/// <summary>
/// The second bearer scheme, for node-to-node calls only: it validates <see cref="NodeTokens"/> and nothing else,
/// whatever <c>Cameras:Auth:Authority</c> says, and only the endpoints marked <see cref="RequireNodeToken"/> use it.
/// Public endpoints keep the default scheme, which refuses node tokens (another audience, another key).
/// </summary>
public static class NodeAuthentication
{
    public const string Scheme = "Node";
    public const string Policy = "Node";

    internal static void AddNodeScheme(this AuthenticationBuilder authentication, IServiceCollection services)
    {
        authentication.AddJwtBearer(Scheme);
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<NodeTokens>((options, tokens) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters();
            options.Events = new JwtBearerEvents { OnChallenge = ChallengeAsync, OnForbidden = ForbiddenAsync };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(NodeTokens.NodeClaim));
    }

    /// <summary>Admits only node tokens (<see cref="NodeTokens"/>); user tokens, however privileged, get 401.</summary>
    public static TBuilder RequireNodeToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy);

    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "This internal endpoint needs a node token (Authorization: Bearer …), which the deployment's nodes issue each other.",
            _ when !NodeTokens.LooksLikeNodeToken(BearerToken(context.Request)) =>
                "This internal endpoint takes only node tokens; user and admin tokens are refused here.",
            SecurityTokenExpiredException => "The node token has expired; the calling node should issue itself a new one (are the nodes' clocks in step?).",
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
                "The node token's signature does not verify with this node's key: nodes of one deployment must share Cameras:Keys.",
            _ => "The node token is not valid here.",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
            .ExecuteAsync(context.HttpContext);
    }

    private static Task ForbiddenAsync(ForbiddenContext context) =>
        Results.Problem("This internal endpoint takes only node tokens.", statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden").ExecuteAsync(context.HttpContext);

    /// <summary>The bearer token of a request, if any; read to word a refusal, never logged.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
