namespace Cameras.Evidence.Live;

/// <summary>
/// What an ingest node announces on the PostgreSQL channel <c>live_fragment</c> for each thing it publishes:
/// <c>kind|feed|sequence|origin</c>, kind being init, fragment, segment or end, origin the node's base URL from
/// which other nodes pull the bytes (<c>GET {origin}/internal/live/{feed}/{kind}/{sequence}</c>).
/// </summary>
public sealed record LiveNotice(string Kind, string Feed, long Sequence, string Origin)
{
    public const string Channel = "live_fragment";
    public const string Init = "init", Fragment = "fragment", Segment = "segment", End = "end";

    public override string ToString() => $"{Kind}|{Feed}|{Sequence}|{Origin}";

    public static LiveNotice? Parse(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 4 || !long.TryParse(parts[2], out var sequence)) return null;
        return new LiveNotice(parts[0], parts[1], sequence, parts[3]);
    }
}
