namespace Cameras.Evidence.Review;

/// <summary>
/// A search of the catalog as the Enregistrements page asks it: filters (null: any), one sort column, a page.
/// <see cref="Officer"/> is forced to the caller's own subject for the officer role.
/// </summary>
public sealed record RecordingQuery(
    string? Camera, string? Officer, string? Station, DateTimeOffset? From, DateTimeOffset? To, string? Status,
    string? Case, string? Bookmark, string Sort, bool Descending, int Page, int PageSize)
{
    /// <summary>The sortable columns, by their API name, and the SQL each sorts by (a fixed list: nothing from the caller reaches SQL).</summary>
    public static IReadOnlyDictionary<string, string> SortColumns { get; } = new Dictionary<string, string>
    {
        ["recordedAt"] = "r.recorded_at",
        ["receivedAt"] = "r.received_at",
        ["duration"] = "r.duration_seconds",
        ["camera"] = "r.camera",
        ["officer"] = "r.officer",
        ["station"] = "r.station",
        ["size"] = "r.size",
        ["status"] = "r.status",
    };

    public const int MaxPageSize = 200;
}
