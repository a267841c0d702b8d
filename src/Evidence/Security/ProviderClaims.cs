using System.Security.Claims;

namespace Cameras.Evidence.Security;

/// <summary>
/// A provider's access token as the server reads it: the role from the configured claim (required: a token without
/// one is refused, not admitted with no role), and the agent's claims copied under the names the register reads
/// (<see cref="AgentClaims"/>), dropping any claim that already bears one of those names but is not the configured one.
/// </summary>
internal static class ProviderClaims
{
    /// <summary>The principal to admit, or why the token is refused.</summary>
    /// <summary>A provider's token refused after its signature, issuer, audience and lifetime checked out.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    public static (ClaimsPrincipal? User, string? Refusal) Map(ClaimsPrincipal user, ClaimNames names, string roleClaim)
    {
        if (user.Identity is not ClaimsIdentity identity) return (null, "The bearer token carries no identity.");
        if (identity.FindFirst(roleClaim) is not { Value.Length: > 0 })
            return (null, $"The provider's token carries no role (claim '{roleClaim}', Cameras:Auth:Claims:Role); ask its administrator to give this account a Cameras role.");
        var agentNames = names.Agent.Select(a => a.To).ToHashSet(StringComparer.Ordinal);
        var sources = names.Agent.ToDictionary(a => a.From, a => a.To, StringComparer.Ordinal);
        var claims = new List<Claim>();
        foreach (var claim in identity.Claims)
        {
            if (sources.TryGetValue(claim.Type, out var to)) claims.Add(new Claim(to, claim.Value, claim.ValueType, claim.Issuer));
            // The same name used for something else by the provider is not who the agent is.
            if (!agentNames.Contains(claim.Type)) claims.Add(claim);
        }
        var mapped = new ClaimsIdentity(claims, identity.AuthenticationType, TokenIssuer.SubjectClaim, roleClaim);
        return (new ClaimsPrincipal(mapped), null);
    }
}
