using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>
/// Places and lifts legal holds; each change is a custody event written in the same transaction, a modification in the
/// register with its author's names in the event's personal part (<see cref="AccessLog.AuthorOf"/>).
/// </summary>
public sealed class LegalHolds(NpgsqlDataSource dataSource, ICustodyLedger ledger, StoreRetention store, AccessLog accessLog, TimeProvider clock)
{
    public const string Placed = "hold.placed";
    public const string Lifted = "hold.lifted";

    private const string Columns = """
        id, recording_id AS RecordingId, procedure, reason, placed_by AS PlacedBy, placed_at AS PlacedAt,
        lifted_by AS LiftedBy, lifted_at AS LiftedAt, lift_reason AS LiftReason
        """;

    /// <returns>the recording's holds, or null when the recording does not exist or is out of <paramref name="scope"/></returns>
    public async Task<IReadOnlyList<LegalHold>?> ListAsync(Guid recordingId, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recording = $"SELECT 1 FROM recordings r WHERE r.id = @recordingId AND {scope.Recordings("r")}";
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS ({recording})",
                scope.Parameters(clock, new { recordingId }), cancellationToken: cancellationToken)))
            return null;
        return (await connection.QueryAsync<LegalHold>(new CommandDefinition(
            $"SELECT {Columns} FROM legal_holds WHERE recording_id = @recordingId ORDER BY placed_at", new { recordingId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <returns>the hold, or the error to answer with</returns>
    public async Task<(LegalHold? Hold, ErrorDescriptor? Error, string Detail)> PlaceAsync(
        Guid recordingId, string procedure, string reason, CustodyActor actor, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the recording row orders this against the purge, which locks it too.
        var recording = await connection.QuerySingleOrDefaultAsync<LockedRecording>(new CommandDefinition($"""
            SELECT sha256, status, storage_key AS StorageKey FROM recordings r WHERE r.id = @recordingId AND {scope.Recordings("r")} FOR UPDATE
            """, scope.Parameters(clock, new { recordingId }), tx, cancellationToken: cancellationToken));
        if (recording is null) return (null, EvidenceErrors.RecordingNotFound, $"No recording has the id {recordingId}.");
        if (recording.Status == Recordings.RecordingStatus.Purged)
            return (null, EvidenceErrors.RecordingPurged, "This recording was already deleted by the retention policy.");
        var id = Guid.CreateVersion7();
        var hold = await connection.QuerySingleAsync<LegalHold>(new CommandDefinition($"""
            INSERT INTO legal_holds (id, recording_id, procedure, reason, placed_by) VALUES (@id, @recordingId, @procedure, @reason, @by)
            RETURNING {Columns}
            """, new { id, recordingId, procedure, reason, by = actor.Subject }, tx, cancellationToken: cancellationToken));
        await ledger.RecordAsync(new CustodyRecord(Placed, "recording", recordingId.ToString(), recording.Sha256, actor,
            new JsonObject { ["hold"] = id.ToString(), ["procedure"] = procedure, ["reason"] = reason }, accessLog.AuthorOf(actor)), tx, cancellationToken);
        // The store's hold goes on before the commit: if the store refuses, nothing is recorded as held.
        await store.HoldAsync(recording.StorageKey, on: true, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (hold, null, "");
    }

    private sealed record LockedRecording(string Sha256, string Status, string StorageKey);

    public async Task<(LegalHold? Hold, ErrorDescriptor? Error, string Detail)> LiftAsync(
        Guid recordingId, Guid holdId, string reason, CustodyActor actor, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var hold = await connection.QuerySingleOrDefaultAsync<LegalHold>(new CommandDefinition($"""
            UPDATE legal_holds SET lifted_by = @by, lifted_at = now(), lift_reason = @reason
            WHERE id = @holdId AND recording_id = @recordingId AND lifted_at IS NULL
              AND EXISTS (SELECT 1 FROM recordings r WHERE r.id = @recordingId AND {scope.Recordings("r")})
            RETURNING {Columns}
            """, scope.Parameters(clock, new { holdId, recordingId, reason, by = actor.Subject }), tx, cancellationToken: cancellationToken));
        if (hold is null) return (null, EvidenceErrors.HoldNotFound, $"Recording {recordingId} has no active hold {holdId}.");
        var recording = await connection.QuerySingleAsync<LockedRecording>(new CommandDefinition(
            "SELECT sha256, status, storage_key AS StorageKey FROM recordings WHERE id = @recordingId FOR UPDATE", new { recordingId }, tx,
            cancellationToken: cancellationToken));
        await ledger.RecordAsync(new CustodyRecord(Lifted, "recording", recordingId.ToString(), recording.Sha256, actor,
            new JsonObject { ["hold"] = holdId.ToString(), ["procedure"] = hold.Procedure, ["reason"] = reason }, accessLog.AuthorOf(actor)),
            tx, cancellationToken);
        // The store keeps one hold per object: it comes off only with the recording's last active hold.
        var stillHeld = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM legal_holds WHERE recording_id = @recordingId AND lifted_at IS NULL)", new { recordingId }, tx,
            cancellationToken: cancellationToken));
        if (!stillHeld) await store.HoldAsync(recording.StorageKey, on: false, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (hold, null, "");
    }
}
