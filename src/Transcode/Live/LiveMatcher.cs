using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Transcode.Live;

/// <summary>
/// Links a live feed to the docked recordings of the same camera whose time overlaps it (a docked file's length is its
/// probed duration, or up to 4 hours while it is not probed yet). Run when an assembled feed is registered and when a
/// docked recording arrives, so the link is made whichever comes second.
/// </summary>
public sealed class LiveMatcher(NpgsqlDataSource dataSource, ICustodyLedger ledger)
{
    public async Task<int> MatchCameraAsync(string? camera, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(camera)) return 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var links = (await connection.QueryAsync<(string Feed, Guid Recording, string Sha256)>(new CommandDefinition("""
            INSERT INTO live_matches (feed_id, recording_id)
            SELECT f.id, r.id FROM live_feeds f JOIN recordings r ON r.camera = f.camera
            WHERE f.camera = @camera AND r.recorded_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM live_feeds a WHERE a.recording_id = r.id)
              AND r.recorded_at <= coalesce(f.ended_at, now())
              AND r.recorded_at + coalesce((r.probe->'format'->>'duration')::float * interval '1 second', interval '4 hours') >= f.started_at
            ON CONFLICT DO NOTHING
            RETURNING feed_id, recording_id, (SELECT sha256 FROM recordings WHERE id = recording_id)
            """, new { camera }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var link in links)
            await ledger.RecordAsync(new CustodyRecord("live.matched", "feed", link.Feed, link.Sha256, CustodyActor.System,
                new JsonObject { ["recording"] = link.Recording.ToString(), ["camera"] = camera }), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return links.Count;
    }
}
