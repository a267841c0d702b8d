using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>
/// The retention purge, the only code that deletes originals: every recording past its deletion date and under no
/// active legal hold loses its original; its catalog row stays, marked purged, and the ledger gets a
/// "recording.purged" event (hash, size, when, which policy) in the same transaction. Its derived copies (playback
/// copy, thumbnails, an anonymised copy) are images of it too, and go with it: each a "derivative.deleted" event.
/// A live feed ended as long ago has its officer and position erased the same way, and its stored segments deleted
/// (<see cref="PurgeFeedsAsync"/>), and those an older purge left behind go on a later pass (<see cref="PurgeLeftSegmentsAsync"/>).
/// A quarantined dock upload, images that never became a recording, goes as long after it was received
/// (<see cref="PurgeQuarantineAsync"/>).
/// </summary>
public sealed partial class RetentionPurge(NpgsqlDataSource dataSource, IObjectStore store, ICustodyLedger ledger, int recordingDays)
{
    public const string Purged = "recording.purged";
    public const string DerivativeDeleted = "derivative.deleted";
    public const string FeedPurged = "live.feed.purged";

    /// <summary>The events that end their subject, after which the personal parts that end with it may be erased.</summary>
    public static IReadOnlyList<string> SubjectEnds { get; } = [Purged, FeedPurged];

    public sealed record PurgedRecording(Guid Id, string Sha256, long Size, DateTime DeleteAfter);

    private sealed record Due(Guid Id, string Sha256, long Size, DateTime Delete_After);

    private sealed record EndedFeed(string Id, string? Camera, DateTime Ended_At);

    /// <summary>Gives each recording without one its deletion date: recorded (or received) + the retention period.</summary>
    public async Task<int> AssignDeletionDatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE recordings SET delete_after = coalesce(recorded_at, received_at) + make_interval(days => @recordingDays)
            WHERE delete_after IS NULL AND status <> 'purged'
            """, new { recordingDays }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PurgedRecording>> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await AssignDeletionDatesAsync(cancellationToken);
        var purged = new List<PurgedRecording>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // One at a time, locked: a hold placed meanwhile waits for this row, or makes this query skip it.
            var due = await connection.QuerySingleOrDefaultAsync<Due>(new CommandDefinition("""
                SELECT id, sha256, size, delete_after FROM recordings r
                WHERE status <> 'purged' AND delete_after <= @now
                  AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL)
                ORDER BY delete_after LIMIT 1 FOR UPDATE SKIP LOCKED
                """, new { now = now.UtcDateTime }, tx, cancellationToken: cancellationToken));
            if (due is null) break;
            await ledger.RecordAsync(new CustodyRecord(Purged, "recording", due.Id.ToString(), due.Sha256, CustodyActor.System,
                new JsonObject
                {
                    ["size"] = due.Size,
                    ["delete_after"] = Ledger.LedgerEvent.FormatTime(due.Delete_After),
                    ["policy"] = $"retention: {recordingDays} days after recording (Cameras:Retention:RecordingDays), no legal hold",
                }), tx, cancellationToken);
            // The officer, station and description go with the images (R241-4); the row keeps what the history needs. So
            // does the camera's file name, which often carries the officer's number and the time. The dock uploads
            // that brought these bytes hold them too, with the raw Upload-Metadata header that named them: the purge owns
            // that erasure as it owns the feeds' (Ingest writes uploads' rows, never erases them). The bookmarks' searchable
            // copy goes too (its notes describe the images); each bookmark's event keeps its note in the register's term.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE recordings SET status = 'purged', purged_at = now(), officer = NULL, station = NULL, description = NULL, filename = NULL
                WHERE id = @Id;
                UPDATE uploads SET officer = NULL, station = NULL, metadata = NULL, filename = NULL
                WHERE recording_id = @Id AND (officer IS NOT NULL OR station IS NOT NULL OR metadata IS NOT NULL OR filename IS NOT NULL);
                DELETE FROM bookmarks WHERE recording_id = @Id;
                """, due, tx, cancellationToken: cancellationToken));
            await PersonalErasure.EraseForSubjectAsync(tx, "recording", due.Id.ToString(), cancellationToken);
            var derivedKeys = await DeleteDerivativesAsync(connection, tx, due, cancellationToken);
            // Deleting before the commit: if the commit then fails, the next run deletes again (no error when gone) and marks it.
            await store.DeleteAsync(ObjectKeys.Original(due.Sha256), cancellationToken);
            foreach (var key in derivedKeys) await store.DeleteAsync(key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            purged.Add(new PurgedRecording(due.Id, due.Sha256, due.Size, due.Delete_After));
        }
        return purged;
    }

    /// <summary>
    /// Erases the officer and position of each live feed that ended <c>recordingDays</c> before <paramref name="now"/>
    /// and whose recording (assembled from it, or docked and matched with it) is under no active hold: its row's columns
    /// and its events' personal parts, after a "live.feed.purged" event, in one transaction per feed; the segments a feed
    /// recorded in full are deleted from the object store, their count and bytes in that event. The feed's hash chain
    /// (live_segments rows, their events) stays. Returns the feeds' ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> PurgeFeedsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purged = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var due = await connection.QuerySingleOrDefaultAsync<EndedFeed>(new CommandDefinition($"""
                SELECT id, camera, ended_at FROM live_feeds f
                WHERE state = 'ended' AND purged_at IS NULL AND ended_at + make_interval(days => @recordingDays) <= @now AND NOT {FeedHeld}
                ORDER BY ended_at LIMIT 1 FOR UPDATE SKIP LOCKED
                """, new { recordingDays, now = now.UtcDateTime }, tx, cancellationToken: cancellationToken));
            if (due is null) break;
            // Skipped now, the feed is not picked again while the hold lasts.
            if (await HeldNowAsync(connection, tx, due.Id, cancellationToken)) continue;
            var stored = Summarise(await SegmentRowsAsync(connection, tx, due.Id, cancellationToken));
            var details = new JsonObject
            {
                ["camera"] = due.Camera, ["ended_at"] = Ledger.LedgerEvent.FormatTime(due.Ended_At),
                ["erased"] = stored.Segments > 0 ? new JsonArray("officer", "position", "segments") : new JsonArray("officer", "position"),
                ["policy"] = $"retention: {recordingDays} days after the feed ended (Cameras:Retention:RecordingDays), no legal hold",
            };
            // Cameras:Live:Record=full kept the images of the feed: they go too (R241-4), counted in the same event.
            if (stored.Segments > 0) Counted(details, stored);
            await ledger.RecordAsync(new CustodyRecord(FeedPurged, "feed", due.Id, null, CustodyActor.System, details), tx, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE live_feeds SET officer = NULL, position = NULL, purged_at = now(), segments_deleted_at = now() WHERE id = @Id", due, tx,
                cancellationToken: cancellationToken));
            await PersonalErasure.EraseForSubjectAsync(tx, "feed", due.Id, cancellationToken);
            // Deleted before the commit, as originals are: if the commit fails, the next run deletes again (no error when gone).
            foreach (var key in stored.Keys) await store.DeleteAsync(key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            purged.Add(due.Id);
        }
        return purged;
    }

    /// <summary>Removes the recording's derivatives from the catalog, each with its event; returns their files' keys.</summary>
    private async Task<List<string>> DeleteDerivativesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Due due,
        CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var derived = await connection.QueryAsync<(Guid Id, string Kind, string Files)>(new CommandDefinition(
            "DELETE FROM derivatives WHERE recording_id = @Id RETURNING id, kind, files::text", due, tx, cancellationToken: cancellationToken));
        foreach (var (id, kind, files) in derived.OrderBy(d => d.Kind, StringComparer.Ordinal))
        {
            var names = JsonNode.Parse(files)!.AsArray().Select(f => (f?["key"] ?? f?["Key"])?.GetValue<string>()).OfType<string>().ToList();
            await ledger.RecordAsync(new CustodyRecord(DerivativeDeleted, "recording", due.Id.ToString(), due.Sha256, CustodyActor.System,
                new JsonObject
                {
                    ["derivative"] = id.ToString(), ["kind"] = kind, ["files"] = names.Count,
                    ["policy"] = $"with its recording's purge (Cameras:Retention:RecordingDays {recordingDays})",
                }), tx, cancellationToken);
            keys.AddRange(names);
        }
        return keys;
    }
}
