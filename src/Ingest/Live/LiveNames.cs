using System.Text.RegularExpressions;

namespace Cameras.Ingest.Live;

/// <summary>What feed ids and pushed file names may look like, and what a name says it is.</summary>
public static partial class LiveNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex FeedPattern();

    // One path segment: no slash, no "..", nothing hidden; what ffmpeg's hls and dash muxers name their files.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"stream(\d+)")]
    private static partial Regex StreamPattern();

    public static bool IsValidFeed(string feed) => FeedPattern().IsMatch(feed);

    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>Playlists and manifests: acknowledged and read for the end of the feed, not relayed.</summary>
    public static bool IsPlaylist(string name) =>
        name.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase);

    /// <summary>The paths a feed may come by (<c>X-Source</c>); without the header, ffmpeg.</summary>
    public static readonly IReadOnlySet<string> Sources = new HashSet<string>(["ffmpeg", "browser", "rtmp", "srt"], StringComparer.Ordinal);

    /// <summary>At most this many streams in one feed (picture, sound, a spare).</summary>
    public const int MaxStreams = 8;

    /// <summary>ffmpeg's dash muxer writes one file series per stream (init-stream0…, chunk-stream1-…): picture and sound
    /// apart, each relayed as a stream of its own. Any other name (HLS, muxed) is stream 0; null past <see cref="MaxStreams"/>.</summary>
    public static int? Stream(string name) =>
        StreamPattern().Match(name) is not { Success: true } match ? 0
        : int.TryParse(match.Groups[1].ValueSpan, out var index) && index < MaxStreams ? index : null;
}
