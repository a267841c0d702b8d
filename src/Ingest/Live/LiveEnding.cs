using Cameras.Evidence.Live;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Live;

/// <summary>Ends a feed once: in the catalog (with its event), in this node's window, and for other nodes' windows.</summary>
public sealed class LiveEnding(LiveFeeds feeds, LiveWindow window, LiveAnnouncer announcer, LiveNodeAddress node, ILogger<LiveEnding> logger)
{
    public async Task EndAsync(string feed, string reason, CancellationToken cancellationToken)
    {
        if (!await feeds.EndAsync(feed, reason, cancellationToken)) return;
        logger.LogInformation("Live feed {Feed} ended ({Reason})", feed, reason);
        window.End(feed);
        announcer.Announce(new LiveNotice(LiveNotice.End, feed, 0, node.Url));
    }
}
