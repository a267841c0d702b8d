using System.Globalization;
using System.Text;
using Cameras.Evidence.Live;

namespace Cameras.CommandRoom.Relay;

/// <summary>
/// The HLS (fMP4) playlists of a feed's window. A feed pushed as one stream (HLS, or dash with the picture alone; sound
/// muxed into it) is one media playlist: its init and the whole segments it holds, named as pushed, each listed as soon
/// as it is stored. A feed pushed as several streams (ffmpeg's dash muxer puts the sound in a stream of its own) is a
/// multivariant playlist: the picture as the variant, the sound as its audio rendition (<c>EXT-X-MEDIA</c>), each with
/// its media playlist at <c>{stream}/index.m3u8</c>. The query string (token, reason) is carried to each URI.
/// </summary>
public static class RelayPlaylist
{
    /// <summary>The playlist at <c>index.m3u8</c>; null while no stream has both its init and a segment.</summary>
    public static string? Write(LiveSnapshot snapshot, string query)
    {
        var streams = snapshot.Playable.ToList();
        if (streams.Count == 0 || streams.All(s => s.Segments.Count == 0)) return null;
        if (streams.Count == 1) return Media(streams[0], snapshot.Ended, query);
        var pictures = streams.Where(s => s.Tracks.HasVideo || !s.Tracks.HasAudio).ToList();
        var sounds = streams.Except(pictures).ToList();
        var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var (sound, i) in sounds.Select((s, i) => (s, i)))
            text.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"son\",NAME=\"son {sound.Index}\",DEFAULT={(i == 0 ? "YES" : "NO")},AUTOSELECT=YES,URI=\"{sound.Index}/index.m3u8{query}\"\n");
        var audio = sounds.Count > 0 ? ",AUDIO=\"son\"" : "";
        var soundCodecs = sounds.FirstOrDefault()?.Tracks.Codecs;
        foreach (var picture in pictures.Count > 0 ? pictures : sounds.Take(1))
        {
            var codecs = string.Join(",", new[] { picture.Tracks.Codecs, pictures.Count > 0 ? soundCodecs : null }.Where(c => !string.IsNullOrEmpty(c)));
            text.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-STREAM-INF:BANDWIDTH={Bandwidth(streams)},CODECS=\"{codecs}\"{(pictures.Count > 0 ? audio : "")}\n{picture.Index}/index.m3u8{query}\n");
        }
        return text.ToString();
    }

    /// <summary>One stream's media playlist; its URIs are relative to the folder it is served from.</summary>
    public static string Media(LiveStreamSnapshot stream, bool ended, string query)
    {
        var text = new StringBuilder();
        var target = stream.Segments.Count == 0 ? 1 : (int)Math.Ceiling(stream.Segments.Max(s => s.Seconds));
        text.Append("#EXTM3U\n#EXT-X-VERSION:7\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{Math.Max(1, target)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{stream.Segments.FirstOrDefault()?.MediaSequence ?? 0}\n");
        if (stream.InitName is { } init) text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{init}{query}\"\n");
        foreach (var segment in stream.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{segment.CompletedAt.AddSeconds(-segment.Seconds):yyyy-MM-ddTHH:mm:ss.fffZ}\n");
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Seconds:0.000},\n{segment.Name}{query}\n");
        }
        if (ended) text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    // Peak-ish bits per second over what the window holds (HLS requires the attribute; players use it to pick a variant).
    private static long Bandwidth(IEnumerable<LiveStreamSnapshot> streams)
    {
        var total = 0.0;
        foreach (var stream in streams)
        {
            var seconds = stream.Segments.Sum(s => s.Seconds);
            if (seconds > 0) total += stream.Segments.Sum(s => s.Data.Length) * 8 / seconds;
        }
        return total > 0 ? (long)(total * 1.2) : 2_000_000;
    }
}
