namespace Cameras.Transcode.Jobs;

/// <summary>
/// The Hangfire queues, one per kind of work. A worker serves those named in <c>Cameras:Transcode:Queues</c> (all by
/// default), and takes work from them in this order: a live feed's assembly is short and makes a recording; an export
/// is awaited by a person; a recording's processing is the long, steady backlog.
/// </summary>
public static class JobQueues
{
    public const string Live = "live";
    public const string Exports = "exports";
    public const string Recordings = "recordings";

    public static IReadOnlyList<string> All { get; } = [Live, Exports, Recordings];

    /// <summary>The queues a setting names (comma-separated, any order), in the order above; null if one is unknown or none is named.</summary>
    public static IReadOnlyList<string>? Parse(string? setting)
    {
        var named = (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => q.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (named.Count == 0 || !named.IsSubsetOf(All)) return null;
        return All.Where(named.Contains).ToList();
    }
}
