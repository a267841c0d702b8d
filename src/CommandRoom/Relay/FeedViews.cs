using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;

namespace Cameras.CommandRoom.Relay;

/// <summary>
/// Writes who watches which feed into the access log (<see cref="AccessLog.FeedViewed"/>). A WebSocket viewer is one
/// view; an HLS player asks for its playlist every second, so its requests count as one view per viewer, feed and
/// reason for ten minutes (<see cref="RepeatedViews"/>).
/// </summary>
<<<<<<< HEAD
public sealed class FeedViews(AccessLog accessLog, RepeatedViews repeated)
=======
public sealed class FeedViews(AccessLog accessLog, TimeProvider clock)
>>>>>>> libs3
{
    public async Task RecordAsync(ClaimsPrincipal user, string feed, string reason, bool deduplicate, CancellationToken cancellationToken)
    {
<<<<<<< HEAD
        var access = new AccessRecord(AccessLog.FeedViewed, CustodyActor.From(user), reason, null, null, "feed", feed, null, null);
        if (deduplicate) await repeated.RecordAsync(access, RepeatedViews.LivePlaylist, cancellationToken);
        else await accessLog.RecordAsync(access, null, cancellationToken);
=======
        var actor = CustodyActor.From(user);
        var now = clock.GetUtcNow();
        if (deduplicate)
        {
            var key = (actor.Subject, feed, reason);
            if (_recent.TryGetValue(key, out var last) && now - last < Window) return;
            _recent[key] = now;
            foreach (var old in _recent.Where(p => now - p.Value > Window).Select(p => p.Key).ToList()) _recent.TryRemove(old, out _);
        }
        await accessLog.RecordAsync(new AccessRecord(AccessLog.FeedViewed, actor, reason, null, null, "feed", feed, null, null),
            null, cancellationToken);
>>>>>>> libs3
    }
}
