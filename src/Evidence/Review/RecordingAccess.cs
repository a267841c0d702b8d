using System.Security.Claims;
using Cameras.Evidence.Recordings;

namespace Cameras.Evidence.Review;

/// <summary>Which recording a caller may reach through the review API: the one access rule (<see cref="Access.AccessScope"/>).</summary>
internal static class RecordingAccess
{
    /// <summary>The recording, or null when it does not exist or the caller may not see it (both answered as 404).</summary>
    public static Task<Recording?> FindVisibleAsync(Guid id, ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken cancellationToken) =>
        catalog.FindAsync(id, Access.AccessScope.Of(user), cancellationToken);
}
