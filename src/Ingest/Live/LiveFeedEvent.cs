using System.Text.Json;

namespace Cameras.Ingest.Live;

/// <summary>A change in a feed's life, announced on the PostgreSQL channel <c>live_feed</c> as JSON (the command
/// room tells its dashboards; the workers assemble an ended feed).</summary>
public sealed record LiveFeedEvent(string Event, string Feed, string? Camera, string? Officer, string? Position, DateTimeOffset At)
{
    public const string Channel = "live_feed";
    public const string Started = "started", Ended = "ended";

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}
