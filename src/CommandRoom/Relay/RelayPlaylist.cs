using System.Globalization;
using System.Text;
using Cameras.Evidence.Live;

namespace Cameras.CommandRoom.Relay;

/// <summary>The HLS (fMP4) playlist of a feed's window: its init segment and the whole segments it holds, named as
/// pushed, each listed as soon as it is stored. The query string (token, reason) is carried to each URI.</summary>
public static class RelayPlaylist
{
    public static string Write(LiveSnapshot snapshot, string query)
    {
        var text = new StringBuilder();
        var target = snapshot.Segments.Count == 0 ? 1 : (int)Math.Ceiling(snapshot.Segments.Max(s => s.Seconds));
        text.Append("#EXTM3U\n#EXT-X-VERSION:7\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{Math.Max(1, target)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{snapshot.Segments.FirstOrDefault()?.Sequence ?? 0}\n");
        if (snapshot.InitName is { } init) text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{init}{query}\"\n");
        foreach (var segment in snapshot.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{segment.CompletedAt.AddSeconds(-segment.Seconds):yyyy-MM-ddTHH:mm:ss.fffZ}\n");
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Seconds:0.000},\n{segment.Name}{query}\n");
        }
        if (snapshot.Ended) text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }
}
