using System.Collections.Concurrent;
using Cameras.Evidence.Access;

namespace Cameras.Transcode.Playback;

/// <summary>
/// Thumbnails are pictures of the recording: seeing them is a consultation (<see cref="AccessLog.Viewed"/>), with a
/// motif and a reason. A page asks for a poster and a dozen strips at once, and again as it redraws: those count as
/// one consultation per person, recording, motif and reason for ten minutes (on this node), as HLS playlist reloads
/// count as one view of a live feed.
/// </summary>
public sealed class ThumbnailViews(AccessLog accessLog, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string, Guid, string, string), DateTimeOffset> _recent = new();

    /// <summary>Records <paramref name="access"/> (already checked) unless the same was recorded within the window.</summary>
    public async Task RecordAsync(AccessRecord access, Guid recording, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = (access.Actor.Subject, recording, access.Motif ?? "", access.Reason ?? "");
        if (_recent.TryGetValue(key, out var last) && now - last < Window) return;
        await accessLog.RecordAsync(access, null, cancellationToken);
        _recent[key] = now;
        foreach (var old in _recent.Where(p => now - p.Value > Window).Select(p => p.Key).ToList()) _recent.TryRemove(old, out _);
    }
}
