using System.Security.Claims;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Custody;

/// <summary>
/// Who caused a custody event: a token's subject and role, or the system itself; for a person, who they are
/// (<see cref="Person"/>), which goes into the event's erasable personal part, not its leaf.
/// </summary>
public sealed record CustodyActor(string Subject, string Role, AgentClaims? Person = null)
{
    public static CustodyActor System { get; } = new("system", "system");

    public static CustodyActor From(ClaimsPrincipal user)
    {
        var identity = IdentityEndpoints.Of(user);
        var agent = AgentClaims.From(user);
        return new CustodyActor(identity.Subject, identity.Role, agent == AgentClaims.None ? null : agent);
    }
}
