using Cameras.Evidence.Access;
using Cameras.Evidence.Live;
using Dapper;
using Npgsql;

namespace Cameras.CommandRoom.Hub;

/// <summary>
/// One feed as its page shows it (the live grid's click-through): who pushes it and from where, since when, by which
/// path, who watches it now on this node and who has watched it (the access log's <c>feed.viewed</c> events), and the
/// length of its hash chain.
/// </summary>
public sealed class FeedDetail(NpgsqlDataSource dataSource, LiveWindow window)
{
    /// <summary>Someone who watched the feed: their first and last view, and how many views the access log holds.</summary>
    public sealed record Viewer(string? Subject, string Role, DateTime FirstAt, DateTime LastAt, long Views);

    /// <summary>
    /// <paramref name="ViewersNow"/>: low-latency viewers subscribed on this node now (HLS players hold no
    /// subscription; they are in <paramref name="ViewedBy"/>). <paramref name="Segments"/>: the segments chained so far.
    /// </summary>
    public sealed record View(string Id, string Terminal, string? Camera, string? Officer, string? Position, string Source,
        string State, DateTime StartedAt, DateTime? EndedAt, string? EndReason, int Segments, string? LastSha256,
        int ViewersNow, IReadOnlyList<Viewer> ViewedBy);

    private sealed record Row(string Id, string Terminal, string? Camera, string? Officer, string? Position, string Source,
        string State, DateTime StartedAt, DateTime? EndedAt, string? EndReason, int Segments, string? LastSha256);

    public async Task<View?> FindAsync(string feed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id, terminal, camera, officer, position, source, state, started_at AS StartedAt, ended_at AS EndedAt,
                   end_reason AS EndReason, segments, last_sha256 AS LastSha256
            FROM live_feeds WHERE id = @feed
            """, new { feed }, cancellationToken: cancellationToken));
        if (row is null) return null;
        var viewers = (await connection.QueryAsync<Viewer>(new CommandDefinition("""
            SELECT coalesce(e.actor_subject, (lp.fields::jsonb) -> 'actor' ->> 'subject') AS Subject, min(e.actor_role) AS Role,
                   min(e.recorded_at) AS FirstAt, max(e.recorded_at) AS LastAt, count(*) AS Views
            FROM custody_events e LEFT JOIN ledger_personal lp ON lp.event_id = e.id -- a viewer's subject is in the personal part (leaf v3)
            WHERE e.subject_kind = 'feed' AND e.subject_id = @feed AND e.action = @action
            GROUP BY 1 ORDER BY min(e.recorded_at)
            """, new { feed, action = AccessLog.FeedViewed }, cancellationToken: cancellationToken))).ToList();
        return new View(row.Id, row.Terminal, row.Camera, row.Officer, row.Position, row.Source, row.State, row.StartedAt,
            row.EndedAt, row.EndReason, row.Segments, row.LastSha256, row.State == "live" ? window.ViewerCount(feed) : 0, viewers);
    }
}
