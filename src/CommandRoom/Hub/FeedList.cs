using Dapper;
using Npgsql;

namespace Cameras.CommandRoom.Hub;

/// <summary>The live feeds and recent recordings as the dashboard shows them, read from the catalog (any node).</summary>
public sealed class FeedList(NpgsqlDataSource dataSource)
{
    /// <summary>A live feed; <paramref name="Source"/> is the path it came by (ffmpeg, browser, rtmp, srt).</summary>
    public sealed record Feed(string Id, string Terminal, string? Camera, string? Officer, string? Position, DateTime StartedAt, string Source);

    public sealed record RecordingRow(Guid Id, string? Filename, string? Camera, string? Officer, DateTime ReceivedAt, string Status, float Percent, long Size);

    public async Task<IReadOnlyList<Feed>> LiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Feed>(new CommandDefinition("""
            SELECT id, terminal, camera, officer, position, started_at AS StartedAt, source FROM live_feeds WHERE state = 'live' ORDER BY started_at
            """, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Recent recordings with the mean progress of their processing steps.</summary>
    public async Task<IReadOnlyList<RecordingRow>> RecentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RecordingRow>(new CommandDefinition("""
            SELECT r.id, r.filename, r.camera, r.officer, r.received_at AS ReceivedAt, r.status,
                   coalesce((SELECT avg(CASE WHEN s.state IN ('done', 'skipped') THEN 1 ELSE s.percent END) FROM processing_steps s WHERE s.recording_id = r.id), 0)::real AS Percent,
                   r.size
            FROM recordings r ORDER BY r.received_at DESC LIMIT 20
            """, cancellationToken: cancellationToken))).ToList();
    }
}
