using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;

namespace Cameras.CommandRoom.Relay;

/// <summary>
/// Writes who watches which feed into the access log (<see cref="AccessLog.FeedViewed"/>). A WebSocket viewer is one
/// view; an HLS player asks for its playlist every second, so its requests count as one view per viewer, feed and
/// reason for ten minutes (<see cref="RepeatedViews"/>).
/// </summary>
public sealed class FeedViews(AccessLog accessLog, RepeatedViews repeated)
{
    public async Task RecordAsync(ClaimsPrincipal user, string feed, string reason, bool deduplicate, CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.FeedViewed, CustodyActor.From(user), reason, null, null, "feed", feed, null, null);
        if (deduplicate) await repeated.RecordAsync(access, RepeatedViews.LivePlaylist, cancellationToken);
        else await accessLog.RecordAsync(access, null, cancellationToken);
    }
}
