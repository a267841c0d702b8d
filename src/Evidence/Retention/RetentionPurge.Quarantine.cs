using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Dapper;

namespace Cameras.Evidence.Retention;

/// <summary>Quarantined dock uploads: images too, kept the same month, though they never became recordings.</summary>
public sealed partial class RetentionPurge
{
    public const string QuarantinePurged = "quarantine.purged";

    private sealed record Quarantined(Guid Upload_Id, string Storage_Key, long Size, string Sha256, string? Expected_Sha256, string Reason,
        string? Camera, DateTime Received_At);

    /// <summary>
    /// Deletes the bytes of each upload quarantined (received different from the camera's hash: no recording, no hold can
    /// name it) <c>recordingDays</c> before <paramref name="now"/>: one <c>quarantine.purged</c> event (its SHA-256, size,
    /// when received, which policy), the quarantine row marked <c>purged_at</c>, the upload's officer, station, file name
    /// and raw Upload-Metadata set to NULL, and the object deleted, in one transaction per upload. Returns the uploads' ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> PurgeQuarantineAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purged = new List<Guid>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // Received: when completion recorded the quarantine (the upload's completed_at, the same transaction).
            var due = await connection.QuerySingleOrDefaultAsync<Quarantined>(new CommandDefinition("""
                SELECT q.upload_id, q.storage_key, q.size, q.sha256, q.expected_sha256, q.reason, u.camera,
                       coalesce(u.completed_at, q.created_at) AS received_at
                FROM quarantine q JOIN uploads u ON u.id = q.upload_id
                WHERE q.purged_at IS NULL AND coalesce(u.completed_at, q.created_at) + make_interval(days => @recordingDays) <= @now
                ORDER BY q.created_at LIMIT 1 FOR UPDATE OF q SKIP LOCKED
                """, new { recordingDays, now = now.UtcDateTime }, tx, cancellationToken: cancellationToken));
            if (due is null) break;
            await ledger.RecordAsync(new CustodyRecord(QuarantinePurged, "upload", due.Upload_Id.ToString(), due.Sha256, CustodyActor.System,
                new JsonObject
                {
                    ["size"] = due.Size, ["camera"] = due.Camera, ["quarantined_for"] = due.Reason, ["sha256_camera"] = due.Expected_Sha256,
                    ["received_at"] = Ledger.LedgerEvent.FormatTime(due.Received_At),
                    ["policy"] = $"retention: {recordingDays} days after it was received (Cameras:Retention:RecordingDays), quarantined",
                }), tx, cancellationToken);
            // Ingest writes these rows and never erases them; the purge owns their erasure, as for a purged recording's uploads.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE quarantine SET purged_at = now() WHERE upload_id = @Upload_Id;
                UPDATE uploads SET officer = NULL, station = NULL, metadata = NULL, filename = NULL WHERE id = @Upload_Id;
                """, due, tx, cancellationToken: cancellationToken));
            // Deleted before the commit, as originals are: if the commit fails, the next run deletes again (no error when gone).
            await store.DeleteAsync(due.Storage_Key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            purged.Add(due.Upload_Id);
        }
        return purged;
    }
}
