using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Security;

/// <summary>
/// Checks the sign-in settings at start: claim names a token can carry, the workspace's client only with an authority,
/// and one name for the role claim.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var auth = options.Auth;
        var failures = new List<string>();
        if (auth.Claims.Role is { } role && auth.RoleClaim is { } legacy && role != legacy)
            failures.Add($"Cameras:Auth:Claims:Role ({role}) and Cameras:Auth:RoleClaim ({legacy}) name different claims; set only Cameras:Auth:Claims:Role.");
        foreach (var (setting, claim) in ClaimSettings(auth))
            if (!IsClaimName(claim))
                failures.Add($"{setting} must name a claim of the provider's tokens (1 to 200 characters, no spaces or control characters); it is '{claim}'.");
        var agent = auth.Claims.Agent.ToList();
        foreach (var twice in agent.GroupBy(a => a.From, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"Cameras:Auth:Claims:{string.Join(" and Cameras:Auth:Claims:", twice.Select(a => a.Setting))} all read the claim '{twice.Key}'; give each its own.");
        foreach (var clash in agent.Where(a => a.From == auth.RoleClaimName))
            failures.Add($"Cameras:Auth:Claims:{clash.Setting} reads the role's claim '{clash.From}'; give it its own.");
        if (string.IsNullOrEmpty(auth.Authority))
        {
            if (!string.IsNullOrEmpty(auth.ClientId))
                failures.Add("Cameras:Auth:ClientId is set but Cameras:Auth:Authority is not: set the provider's issuer URL too, or remove the client id.");
        }
        else if (!string.IsNullOrEmpty(auth.ClientId))
        {
            if (!auth.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid"))
                failures.Add($"Cameras:Auth:Scope must include 'openid' (it is '{auth.Scope}').");
            if (auth.Resource is { Length: > 0 } resource && !Uri.TryCreate(resource, UriKind.Absolute, out _))
                failures.Add($"Cameras:Auth:Resource must be an absolute URI (RFC 8707); it is '{resource}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<(string Setting, string? Claim)> ClaimSettings(AuthOptions auth) =>
    [
        (auth.Claims.Role is null && auth.RoleClaim is not null ? "Cameras:Auth:RoleClaim" : "Cameras:Auth:Claims:Role", auth.RoleClaimName),
        .. auth.Claims.Agent.Select(a => ($"Cameras:Auth:Claims:{a.Setting}", (string?)a.From)),
    ];

    private static bool IsClaimName(string? claim) =>
        claim is { Length: > 0 and <= 200 } && claim.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c));
}
