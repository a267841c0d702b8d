using System.Text.Json;

namespace Cameras.Ingest.Live;

/// <summary>A change in a feed's life, announced on the PostgreSQL channel <c>live_feed</c> as JSON (the command
/// room tells its dashboards; the workers assemble an ended feed). <paramref name="Source"/> is the path the feed came
/// by (ffmpeg, browser, rtmp, srt: the pushes' <c>X-Source</c> header).</summary>
public sealed record LiveFeedEvent(string Event, string Feed, string? Camera, string? Officer, string? Position, DateTimeOffset At, string Source)
{
    public const string Channel = "live_feed";
    public const string Started = "started", Ended = "ended";

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}
