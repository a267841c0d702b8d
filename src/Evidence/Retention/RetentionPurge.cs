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
/// </summary>
public sealed class RetentionPurge(NpgsqlDataSource dataSource, IObjectStore store, ICustodyLedger ledger, int recordingDays)
{
    public const string Purged = "recording.purged";
    public const string DerivativeDeleted = "derivative.deleted";

    public sealed record PurgedRecording(Guid Id, string Sha256, long Size, DateTime DeleteAfter);

    private sealed record Due(Guid Id, string Sha256, long Size, DateTime Delete_After);

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
            // The officer and station go with the images (R241-4); the row keeps what the history needs.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recordings SET status = 'purged', purged_at = now(), officer = NULL, station = NULL WHERE id = @Id", due, tx,
                cancellationToken: cancellationToken));
            await PersonalErasure.EraseForRecordingAsync(tx, due.Id, cancellationToken);
            var derivedKeys = await DeleteDerivativesAsync(connection, tx, due, cancellationToken);
            // Deleting before the commit: if the commit then fails, the next run deletes again (no error when gone) and marks it.
            await store.DeleteAsync(ObjectKeys.Original(due.Sha256), cancellationToken);
            foreach (var key in derivedKeys) await store.DeleteAsync(key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            purged.Add(new PurgedRecording(due.Id, due.Sha256, due.Size, due.Delete_After));
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
