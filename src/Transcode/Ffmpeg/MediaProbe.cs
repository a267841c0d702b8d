using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cameras.Transcode.Ffmpeg;

/// <summary>What ffprobe says of a file, reduced to what the catalog shows, plus the full JSON.</summary>
public sealed record MediaProbe(
    double? DurationSeconds,
    string? FormatName,
    string? VideoCodec,
    int? Width,
    int? Height,
    string? AudioCodec,
    DateTimeOffset? CreationTime,
    IReadOnlyDictionary<string, string> Tags,
    JsonObject Raw)
{
    public bool HasVideo => VideoCodec is not null;

    /// <summary>The video stream's timestamp units per second, when its time base is 1/N (N); null otherwise.</summary>
    public int? VideoTimescale { get; init; }

    public static MediaProbe Parse(string json)
    {
        var raw = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("ffprobe wrote no JSON object.");
        var format = raw["format"]?.AsObject();
        var streams = raw["streams"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var video = streams.FirstOrDefault(s => (string?)s["codec_type"] == "video" && (int?)s["disposition"]?["attached_pic"] != 1);
        var audio = streams.FirstOrDefault(s => (string?)s["codec_type"] == "audio");
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (format?["tags"] is JsonObject formatTags)
            foreach (var (key, value) in formatTags)
                if (value?.GetValueKind() == JsonValueKind.String) tags[key] = value.GetValue<string>();
        return new MediaProbe(
            Number(format?["duration"]),
            (string?)format?["format_name"],
            (string?)video?["codec_name"],
            (int?)video?["width"],
            (int?)video?["height"],
            (string?)audio?["codec_name"],
            tags.TryGetValue("creation_time", out var created) && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            tags,
            raw)
        {
            VideoTimescale = ((string?)video?["time_base"])?.Split('/') is ["1", var n]
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var units) && units > 0 ? units : null,
        };
    }

    private static double? Number(JsonNode? node) =>
        node is not null && double.TryParse((string?)node, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
