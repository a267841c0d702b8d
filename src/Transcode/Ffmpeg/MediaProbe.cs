using System.Globalization;
using FFMpegCore;

namespace Cameras.Transcode.Ffmpeg;

/// <summary>What ffprobe says of a file (FFMpegCore's typed analysis), reduced to what the pipeline uses, and ffprobe's JSON for the catalog.</summary>
public sealed record MediaProbe(
    double? DurationSeconds,
    string? FormatName,
    string? VideoCodec,
    int? Width,
    int? Height,
    string? AudioCodec,
    DateTimeOffset? CreationTime,
    IReadOnlyDictionary<string, string> Tags,
    string CatalogJson)
{
    public bool HasVideo => VideoCodec is not null;

    /// <summary>The video stream's timestamp units per second, when its time base is 1/N (N); null otherwise.</summary>
    public int? VideoTimescale { get; init; }

    public static MediaProbe From(IMediaAnalysis analysis)
    {
        // A cover image is a video stream to ffprobe; the picture is the first stream that is not one.
        var video = analysis.VideoStreams.FirstOrDefault(s => s.Disposition?.GetValueOrDefault("attached_pic") != true);
        var audio = analysis.PrimaryAudioStream;
        var tags = new Dictionary<string, string>(analysis.Format.Tags ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        double? duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration.TotalSeconds : null;
        return new MediaProbe(
            duration, analysis.Format.FormatName, video?.CodecName, video?.Width, video?.Height, audio?.CodecName,
            tags.TryGetValue("creation_time", out var created) && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            // The catalog keeps ffprobe's own JSON, as FFProbe read it (the API shows it; SQL reads format.duration).
            tags, analysis.Json)
        {
            VideoTimescale = (video is null ? null : TimeBase(analysis, video.Index))?.Split('/') is ["1", var n]
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var units) && units > 0 ? units : null,
        };
    }

    // FFMpegCore's typed stream leaves time_base among the fields it does not name (its extension data).
    private static string? TimeBase(IMediaAnalysis analysis, int index) =>
        analysis.Raw.Streams.FirstOrDefault(s => s.Index == index)?.ExtensionData?.GetValueOrDefault("time_base") is { } value
            ? value.ToString() : null;
}
