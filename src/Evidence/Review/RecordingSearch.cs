using System.Text;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Review;

/// <summary>
/// Runs a <see cref="RecordingQuery"/>: one count and one page (offset paging: a page of 50 with its total is what the
/// table shows, and every filter or sort column has an index, see migrations 016 and 021). The count stops past
/// <see cref="CountCap"/> matches (or past the page asked, if further): counting every one of 100,000 matches was most of
/// a broad search's time (bench/review), and past ten thousand a person reads "more than 10 000", as in a mail client.
/// </summary>
public sealed class RecordingSearch(NpgsqlDataSource dataSource)
{
    public const int CountCap = 10_000;

    private sealed record Row(
        Guid Id, string Sha256, long Size, string? Filename, string? Camera, string? Officer, string? Station,
        DateTime? RecordedAt, DateTime ReceivedAt, string Status, double? DurationSeconds, bool HasThumbnails, double Progress, long Bookmarks);

    public async Task<RecordingPage> SearchAsync(RecordingQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(query);
        var column = RecordingQuery.SortColumns[query.Sort];
        // PostgreSQL's default null order (last ascending, first descending) is the one a plain b-tree index walks in both
        // directions: asking NULLS LAST on a descending sort turned each page into a sort of every match (bench/review).
        var direction = query.Descending ? "DESC" : "ASC";
        parameters.Add("limit", query.PageSize);
        var offset = (query.Page - 1) * query.PageSize;
        parameters.Add("offset", offset);
        // One row past what is counted says there are more.
        var countLimit = Math.Max(CountCap, offset + query.PageSize) + 1;
        parameters.Add("countLimit", countLimit);
        // The progress of a recording being processed is the mean of its steps' (four steps, one row each).
        var sql = $"""
            SELECT count(*) FROM (SELECT 1 FROM recordings r {where} LIMIT @countLimit) AS matches;
            SELECT r.id, r.sha256, r.size, r.filename, r.camera, r.officer, r.station, r.recorded_at AS RecordedAt,
                   r.received_at AS ReceivedAt, r.status, r.duration_seconds AS DurationSeconds,
                   EXISTS (SELECT 1 FROM derivatives d WHERE d.recording_id = r.id AND d.kind = 'thumbnails') AS HasThumbnails,
                   CASE WHEN r.status = 'ready' THEN 1 ELSE coalesce((SELECT avg(p.percent) FROM processing_steps p WHERE p.recording_id = r.id), 0) END AS Progress,
                   (SELECT count(*) FROM bookmarks b WHERE b.recording_id = r.id) AS Bookmarks
            FROM recordings r {where}
            ORDER BY {column} {direction}, r.id {direction}
            LIMIT @limit OFFSET @offset
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<Row>();
        var more = total >= countLimit;
        return new RecordingPage(more ? countLimit - 1 : total, query.Page, query.PageSize, query.Sort, query.Descending ? "desc" : "asc",
            rows.Select(r => new RecordingRow(r.Id, r.Sha256, r.Size, r.Filename, r.Camera, r.Officer, r.Station,
                r.RecordedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero),
                r.Status, r.DurationSeconds, r.HasThumbnails, Math.Clamp(r.Progress, 0, 1), (int)r.Bookmarks)).ToList(), more);
    }

    private static (string Where, DynamicParameters Parameters) Where(RecordingQuery q)
    {
        var sql = new StringBuilder("WHERE true");
        var p = new DynamicParameters();
        void Add(string clause, string name, object value) { sql.Append(" AND ").Append(clause); p.Add(name, value); }
        if (q.Camera is not null) Add("r.camera = @camera", "camera", q.Camera);
        if (q.Officer is not null) Add("r.officer = @officer", "officer", q.Officer);
        if (q.Station is not null) Add("r.station = @station", "station", q.Station);
        if (q.From is not null) Add("r.recorded_at >= @from", "from", q.From.Value.UtcDateTime);
        if (q.To is not null) Add("r.recorded_at < @to", "to", q.To.Value.UtcDateTime);
        if (q.Status is not null) Add("r.status = @status", "status", q.Status);
        if (q.Case is not null)
            Add("""
                r.id IN (SELECT cr.recording_id FROM case_recordings cr JOIN cases c ON c.id = cr.case_id
                         WHERE c.procedure = @case OR c.id::text = @case)
                """, "case", q.Case);
        if (q.Bookmark is not null)
            Add("r.id IN (SELECT b.recording_id FROM bookmarks b WHERE b.note ILIKE @bookmark ESCAPE '\\')", "bookmark", Contains(q.Bookmark));
        return (sql.ToString(), p);
    }

    /// <summary>An ILIKE pattern matching <paramref name="text"/> anywhere, its own wildcards taken literally.</summary>
    internal static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
