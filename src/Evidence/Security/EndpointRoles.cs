using Microsoft.AspNetCore.Builder;

namespace Cameras.Evidence.Security;

public static class EndpointRoles
{
    /// <summary>Admits only tokens that carry one of <paramref name="roles"/>; others get 401 or 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(roles));
}
