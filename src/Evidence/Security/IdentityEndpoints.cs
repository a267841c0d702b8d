using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Security;

public static class IdentityEndpoints
{
    /// <param name="Agent">who the agent is, when the token says (matricule, nom, prénom, grade, service)</param>
    public sealed record Identity(string Subject, string Role, AgentClaims? Agent = null);

    /// <summary>
    /// <c>GET /api/me</c>: who the token says the caller is, for any role; <c>GET /api/auth/config</c>: how the pages sign
    /// in (anonymous: a page asks before it has a token).
    /// </summary>
    internal static void MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me).WithTags("Identity").RequireRoles([.. Roles.All]);
        app.MapGet("/api/auth/config", (IOptions<EvidenceOptions> options) => TypedResults.Ok(SignInConfig.From(options.Value.Auth)))
            .WithTags("Identity").WithName("GetSignInConfig").AllowAnonymous();
    }

    private static Ok<Identity> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(Of(user) with { Agent = AgentClaims.From(user) is { } agent && agent != AgentClaims.None ? agent : null });

    /// <summary>Subject and role of a caller, whichever claims the token issuer uses for them.</summary>
    public static Identity Of(ClaimsPrincipal user)
    {
        var identity = user.Identity as ClaimsIdentity;
        // A provider may give several values in its role claim (groups of its own among them): the first that is one
        // of ours is the role.
        var roles = identity?.FindAll(identity.RoleClaimType).Select(c => c.Value).ToList() ?? [];
        return new Identity(identity?.Name ?? "", roles.FirstOrDefault(Roles.IsKnown) ?? roles.FirstOrDefault() ?? "");
    }
}
