using System.Collections.Concurrent;

namespace Cameras.Evidence.Access;

/// <summary>
/// Consultations a page makes again and again, counted once: a page asks for a poster and a dozen thumbnail strips
/// at once and again as it redraws, reloads a recording's custody history, and an HLS player asks for a live feed's
/// playlist every second. Each is recorded (already checked, <see cref="AccessLog.Check"/>) once per person, item,
/// view, motif and reason for ten minutes, on this node; another motif or reason is another consultation. The one
/// place that decides what counts as the same consultation. Per node on purpose: through two nodes the same view is two
/// entries, which over-counts and never misses one, while a shared table of recent views would be one more copy of who
/// saw what, to erase in its turn (docs/CONFORMITE.md).
/// </summary>
public sealed class RepeatedViews(AccessLog accessLog, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string, string, string, string, string, string), DateTimeOffset> _recent = new();

    /// <summary>What a view shows, so that seeing the thumbnails does not stand for having seen the custody history.</summary>
    public const string Thumbnails = "thumbnails", Custody = "custody", LivePlaylist = "live-playlist";

    /// <summary>Records <paramref name="access"/> unless the same <paramref name="view"/> of it was recorded within the window.</summary>
    public async Task RecordAsync(AccessRecord access, string view, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = (access.Actor.Subject, access.ItemKind, access.ItemId, view, access.Motif ?? "", access.Reason ?? "");
        if (_recent.TryGetValue(key, out var last) && now - last < Window) return;
        await accessLog.RecordAsync(access, null, cancellationToken);
        _recent[key] = now;
        foreach (var old in _recent.Where(p => now - p.Value > Window).Select(p => p.Key).ToList()) _recent.TryRemove(old, out _);
    }
}
