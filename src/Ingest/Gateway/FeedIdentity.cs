namespace Cameras.Ingest.Gateway;

/// <summary>Who pushes a feed and how, as the ingest hears it: the terminal's own token, the path it came by
/// (<c>X-Source</c>: browser, rtmp, srt) and the headers that describe the feed. The token is never logged.</summary>
public sealed record FeedIdentity(string Feed, string Token, string Source, string? Camera, string? Officer, string? Position)
{
    /// <summary>What a terminal passes with its publish (query parameters of an RTMP URL, the rest of an SRT streamid).</summary>
    public static FeedIdentity From(string feed, string token, string source, Func<string, string?> parameter) =>
        new(feed, token, source, Clean(parameter("camera")), Clean(parameter("officer")), Clean(parameter("position")));

    private static string? Clean(string? value) => value is { Length: > 0 and <= 200 } ? value.Trim() : null;
}
