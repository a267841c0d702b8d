using Microsoft.AspNetCore.WebUtilities;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// The SRT stream id a publisher sends, in MediaMTX's convention: <c>publish:FEED:TOKEN</c>, optionally followed by
/// <c>:camera=CAM-1&amp;officer=O-7&amp;position=…</c> (or <c>?…</c>). TOKEN is the terminal's token or a publish key.
/// </summary>
public sealed record SrtStreamId(string Feed, string Token, IReadOnlyDictionary<string, string> Parameters)
{
    public static SrtStreamId? Parse(string? streamId)
    {
        if (streamId is null || !streamId.StartsWith("publish:", StringComparison.Ordinal)) return null;
        var rest = streamId["publish:".Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0) return null;
        var feed = rest[..colon];
        var tail = rest[(colon + 1)..];
        var end = tail.IndexOfAny([':', '?']);
        var token = end < 0 ? tail : tail[..end];
        var query = end < 0 ? "" : tail[(end + 1)..];
        if (token.Length == 0) return null;
        var parameters = QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
        return new SrtStreamId(feed, token, parameters);
    }

    public string? Parameter(string key) => Parameters.TryGetValue(key, out var value) ? value : null;
}
