using System.Security.Claims;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Custody;

/// <summary>Who caused a custody event: a token's subject and role, or the system itself.</summary>
public sealed record CustodyActor(string Subject, string Role)
{
    public static CustodyActor System { get; } = new("system", "system");

    public static CustodyActor From(ClaimsPrincipal user)
    {
        var identity = IdentityEndpoints.Of(user);
        return new CustodyActor(identity.Subject, identity.Role);
    }
}
