using Dapper;
using Npgsql;

namespace Cameras.Evidence.Review;

/// <summary>
/// The recordings overlapping a window (or those of one case), grouped by camera, with their bookmarks. A recording
/// without a recorded_at is placed at its reception; one without a known duration is drawn as a point.
/// </summary>
public sealed class TimelineQuery(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>No recording is longer than this: it bounds the index walk of a window query.</summary>
    public static readonly TimeSpan LongestRecording = TimeSpan.FromHours(24);

    public const int MaxRecordings = 2000;

    private sealed record Row(Guid Id, string? Camera, string? Officer, string? Station, string Status, DateTime Start, double? DurationSeconds);

    public async Task<Timeline> WindowAsync(DateTimeOffset from, DateTimeOffset to, string? officer, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("""
            WHERE r.recorded_at < @to AND r.recorded_at >= @earliest
              AND r.recorded_at + make_interval(secs => coalesce(r.duration_seconds, 0)) >= @from
              AND (@officer::text IS NULL OR r.officer = @officer) AND r.status <> 'purged'
            """, new { from = from.UtcDateTime, to = to.UtcDateTime, earliest = (from - LongestRecording).UtcDateTime, officer }, cancellationToken);
        return await BuildAsync(from, to, null, rows, cancellationToken);
    }

    public async Task<Timeline> CaseAsync(Guid caseId, string? officer, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("""
            WHERE r.id IN (SELECT recording_id FROM case_recordings WHERE case_id = @caseId)
              AND (@officer::text IS NULL OR r.officer = @officer)
            """, new { caseId, officer }, cancellationToken);
        var from = rows.Count == 0 ? clock.GetUtcNow() : rows.Min(r => Start(r));
        var to = rows.Count == 0 ? from.AddHours(1) : rows.Max(r => End(r));
        return await BuildAsync(from, to, caseId, rows, cancellationToken);
    }

    private async Task<List<Row>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT r.id, r.camera, r.officer, r.station, r.status, coalesce(r.recorded_at, r.received_at) AS Start,
                   r.duration_seconds AS DurationSeconds
            FROM recordings r {where}
            ORDER BY r.camera NULLS LAST, Start LIMIT {MaxRecordings}
            """, parameters, cancellationToken: cancellationToken))).ToList();
    }

    private async Task<Timeline> BuildAsync(DateTimeOffset from, DateTimeOffset to, Guid? caseId, List<Row> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var marks = (await connection.QueryAsync<(Guid RecordingId, double At, double? Until, string Note)>(new CommandDefinition(
            "SELECT recording_id, at_seconds, until_seconds, note FROM bookmarks WHERE recording_id = ANY(@ids) ORDER BY at_seconds",
            new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(m => m.RecordingId, m => new TimelineBookmark(m.At, m.Until, m.Note));
        var cameras = rows.GroupBy(r => r.Camera ?? "—")
            .Select(g => new TimelineRow(g.Key, g.Select(r => new TimelineRecording(r.Id, Start(r), End(r), r.DurationSeconds, r.Status,
                r.Officer, r.Station, [.. marks[r.Id]])).ToList()))
            .ToList();
        return new Timeline(from, to, caseId, cameras);
    }

    private static DateTimeOffset Start(Row r) => new(DateTime.SpecifyKind(r.Start, DateTimeKind.Utc));

    private static DateTimeOffset End(Row r) => Start(r).AddSeconds(r.DurationSeconds ?? 0);
}
