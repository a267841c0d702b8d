using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;

namespace Cameras.Evidence.Security;

public static class IdentityEndpoints
{
    public sealed record Identity(string Subject, string Role);

    /// <summary><c>GET /api/me</c>: who the token says the caller is, for any role.</summary>
    internal static void MapIdentity(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", Me).WithTags("Identity").RequireRoles([.. Roles.All]);

    private static Ok<Identity> Me(ClaimsPrincipal user) => TypedResults.Ok(Of(user));

    /// <summary>Subject and role of a caller, whichever claims the token issuer uses for them.</summary>
    public static Identity Of(ClaimsPrincipal user)
    {
        var identity = user.Identity as ClaimsIdentity;
        return new Identity(identity?.Name ?? "", identity?.FindFirst(identity.RoleClaimType)?.Value ?? "");
    }
}
