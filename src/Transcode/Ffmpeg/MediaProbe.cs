using System.Globalization;
using System.Text.Json.Nodes;
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
            tags, ToCatalogJson(analysis))
        {
            VideoTimescale = (video is null ? null : TimeBase(analysis, video.Index))?.Split('/') is ["1", var n]
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var units) && units > 0 ? units : null,
        };
    }

    /// <summary>
    /// ffprobe's JSON as FFProbe read it, for the catalog (the API shows it), with times in seconds as ffprobe writes
    /// them by default: FFProbe asks for -sexagesimal (0:00:02.52), and the catalog's readers (SQL on
    /// <c>format.duration</c>) take seconds. The values come from the typed analysis.
    /// </summary>
    private static string ToCatalogJson(IMediaAnalysis analysis)
    {
        var json = JsonNode.Parse(analysis.Json)!.AsObject();
        if (json["format"] is JsonObject format) Times(format, analysis.Format.Duration, analysis.Format.StartTime);
        var typed = analysis.VideoStreams.Cast<MediaStream>().Concat(analysis.AudioStreams).Concat(analysis.SubtitleStreams)
            .ToDictionary(s => s.Index);
        foreach (var stream in json["streams"]?.AsArray().OfType<JsonObject>() ?? [])
            if ((int?)stream["index"] is { } index && typed.TryGetValue(index, out var known)) Times(stream, known.Duration, known.StartTime);
        return json.ToJsonString();
    }

    private static void Times(JsonObject node, TimeSpan duration, TimeSpan start)
    {
        if (node.ContainsKey("duration")) node["duration"] = duration.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);
        if (node.ContainsKey("start_time")) node["start_time"] = start.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);
    }

    // FFMpegCore's typed stream leaves time_base among the fields it does not name (its extension data).
    private static string? TimeBase(IMediaAnalysis analysis, int index) =>
        analysis.Raw.Streams.FirstOrDefault(s => s.Index == index)?.ExtensionData?.GetValueOrDefault("time_base") is { } value
            ? value.ToString() : null;
}
