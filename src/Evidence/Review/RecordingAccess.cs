using System.Security.Claims;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Review;

/// <summary>Which recording a caller may reach through the review API: an officer only their own, others any.</summary>
internal static class RecordingAccess
{
    /// <summary>The recording, or null when it does not exist or the caller may not see it (both answered as 404).</summary>
    public static async Task<Recording?> FindVisibleAsync(Guid id, ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken cancellationToken)
    {
        var recording = await catalog.FindAsync(id, cancellationToken);
        var identity = IdentityEndpoints.Of(user);
        return recording is not null && (identity.Role != Roles.Officer || recording.Officer == identity.Subject) ? recording : null;
    }
}
