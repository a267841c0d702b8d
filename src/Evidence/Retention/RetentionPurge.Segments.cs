using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>The stored segments of live feeds (Cameras:Live:Record=full): with the feed's purge, and those an older purge left.</summary>
public sealed partial class RetentionPurge
{
    public const string LeftSegmentsDeleted = "live.segments.deleted";

    /// <summary>A feed is held while its assembled recording, or a docked one matched with it, is under an active hold.</summary>
    private const string FeedHeld = """
        EXISTS (SELECT 1 FROM legal_holds h WHERE h.lifted_at IS NULL
                AND (h.recording_id = f.recording_id OR h.recording_id IN (SELECT m.recording_id FROM live_matches m WHERE m.feed_id = f.id)))
        """;

    private sealed record PurgedFeed(string Id, string? Camera, DateTime Purged_At);

    private sealed record SegmentRow(string Key, long Size, bool Shared);

    private sealed record StoredSegments(int Segments, long Bytes, int Shared, IReadOnlyList<string> Keys);

    /// <summary>
    /// Deletes the stored segments that a feed purged before the purge deleted them (an older version set
    /// <c>live_feeds.purged_at</c> and left <c>live_segments</c>' objects in the store) still has: those present are
    /// deleted (but for bytes a feed not purged yet also stored), counted in one <c>live.segments.deleted</c> event, and
    /// the feed is marked (<c>segments_deleted_at</c>) so that it is done once. A feed under a hold again is left alone
    /// while the hold lasts. Returns the feeds' ids whose objects went.
    /// </summary>
    public async Task<IReadOnlyList<string>> PurgeLeftSegmentsAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var due = await connection.QuerySingleOrDefaultAsync<PurgedFeed>(new CommandDefinition($"""
                SELECT id, camera, purged_at FROM live_feeds f
                WHERE purged_at IS NOT NULL AND segments_deleted_at IS NULL
                  AND EXISTS (SELECT 1 FROM live_segments s WHERE s.feed_id = f.id AND s.storage_key IS NOT NULL) AND NOT {FeedHeld}
                ORDER BY purged_at LIMIT 1 FOR UPDATE SKIP LOCKED
                """, transaction: tx, cancellationToken: cancellationToken));
            if (due is null) break;
            if (await HeldNowAsync(connection, tx, due.Id, cancellationToken)) continue;
            var rows = await SegmentRowsAsync(connection, tx, due.Id, cancellationToken);
            // Only what is still there is deleted and counted: bytes another feed shared may have gone with it already.
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in rows.Select(r => r.Key).Distinct(StringComparer.Ordinal))
                if (await store.GetInfoAsync(key, cancellationToken) is not null) present.Add(key);
            var stored = Summarise(rows.Where(r => present.Contains(r.Key)));
            if (stored.Segments > 0)
                await ledger.RecordAsync(new CustodyRecord(LeftSegmentsDeleted, "feed", due.Id, null, CustodyActor.System, Counted(new JsonObject
                {
                    ["camera"] = due.Camera, ["feed_purged_at"] = Ledger.LedgerEvent.FormatTime(due.Purged_At),
                    ["policy"] = $"retention: the stored segments of a feed purged before the purge deleted them (Cameras:Retention:RecordingDays {recordingDays})",
                }, stored)), tx, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE live_feeds SET segments_deleted_at = now() WHERE id = @Id", due, tx,
                cancellationToken: cancellationToken));
            foreach (var key in stored.Keys) await store.DeleteAsync(key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (stored.Segments > 0) done.Add(due.Id);
        }
        return done;
    }

    /// <summary>
    /// Whether a hold now protects the feed. A hold locks its recording's row: share-locking the feed's recordings waits
    /// for one being placed, then the check sees it.
    /// </summary>
    private static async Task<bool> HeldNowAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string feed, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            SELECT 1 FROM recordings WHERE id IN (SELECT recording_id FROM live_feeds WHERE id = @feed
                                                  UNION SELECT recording_id FROM live_matches WHERE feed_id = @feed) FOR SHARE
            """, new { feed }, tx, cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT {FeedHeld} FROM live_feeds f WHERE f.id = @feed",
            new { feed }, tx, cancellationToken: cancellationToken));
    }

    /// <summary>The count and bytes of the segments deleted, and the objects kept for another feed, in an event's details.</summary>
    private static JsonObject Counted(JsonObject details, StoredSegments stored)
    {
        details["segments"] = stored.Segments;
        details["bytes"] = stored.Bytes;
        if (stored.Shared > 0) details["shared_kept"] = stored.Shared;
        return details;
    }

    /// <summary>
    /// The feed's stored segments: key, size, and whether a feed not purged yet also stored them. Objects are
    /// content-addressed (live/xx/SHA256), so the same bytes pushed in another feed (an init segment, typically) are one
    /// object: one that a feed not purged yet also stored stays (<c>Shared</c>) and goes with the last of them.
    /// </summary>
    private static async Task<List<SegmentRow>> SegmentRowsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string feed,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SegmentRow>(new CommandDefinition("""
            SELECT s.storage_key AS key, s.size, EXISTS (SELECT 1 FROM live_segments o JOIN live_feeds f ON f.id = o.feed_id
                                                  WHERE o.storage_key = s.storage_key AND o.feed_id <> s.feed_id AND f.purged_at IS NULL) AS shared
            FROM live_segments s WHERE s.feed_id = @feed AND s.storage_key IS NOT NULL
            """, new { feed }, tx, cancellationToken: cancellationToken))).ToList();

    /// <summary>How many segments, their bytes, the objects kept for another feed, and the objects to delete.</summary>
    private static StoredSegments Summarise(IEnumerable<SegmentRow> segments)
    {
        var rows = segments.ToList();
        var keys = rows.Where(r => !r.Shared).Select(r => r.Key).Distinct(StringComparer.Ordinal).ToList();
        return new StoredSegments(rows.Count, rows.Sum(r => r.Size), rows.Where(r => r.Shared).Select(r => r.Key).Distinct().Count(), keys);
    }
}
