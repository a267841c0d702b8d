using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>
/// Places and lifts legal holds; each change is a custody event written in the same transaction, a modification in the
/// register (<see cref="TracedModification"/>): its motif in the event's leaf, its author's names and its reason in the
/// event's personal part (<see cref="AccessLog.AuthorOf"/>). The reasons are kept there only: the row points at its
/// events, and the list reads them back until they are erased at the end of the access log's term.
/// </summary>
public sealed class LegalHolds(NpgsqlDataSource dataSource, ICustodyLedger ledger, StoreRetention store, AccessLog accessLog, TimeProvider clock)
{
    public const string Placed = "hold.placed";
    public const string Lifted = "hold.lifted";

    /// <summary>The holds <c>h</c> with their reasons from their events' personal parts (legacy rows: from the row).</summary>
    private const string Select = """
        SELECT h.id, h.recording_id AS RecordingId, h.procedure,
               coalesce((placed.fields::jsonb) ->> 'reason', h.reason) AS Reason, (placed_event.details::jsonb) ->> 'motif' AS Motif,
               h.placed_by AS PlacedBy, h.placed_at AS PlacedAt, h.lifted_by AS LiftedBy, h.lifted_at AS LiftedAt,
               coalesce((lifted.fields::jsonb) ->> 'reason', h.lift_reason) AS LiftReason,
               (placed.erased_at IS NOT NULL OR lifted.erased_at IS NOT NULL) AS ReasonsErased
        FROM legal_holds h
        LEFT JOIN custody_events placed_event ON placed_event.id = h.placed_event
        LEFT JOIN ledger_personal placed ON placed.event_id = h.placed_event
        LEFT JOIN ledger_personal lifted ON lifted.event_id = h.lifted_event
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
            $"{Select} WHERE h.recording_id = @recordingId ORDER BY h.placed_at", new { recordingId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The holds of the recordings of case <paramref name="caseId"/> (case work reaches every recording).</summary>
    public async Task<IReadOnlyList<LegalHold>> ForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<LegalHold>(new CommandDefinition($"""
            {Select} JOIN case_recordings cr ON cr.recording_id = h.recording_id
            WHERE cr.case_id = @caseId ORDER BY h.placed_at
            """, new { caseId }, cancellationToken: cancellationToken))).ToList();
    }

    private static Task<LegalHold> FindAsync(NpgsqlTransaction tx, Guid holdId, CancellationToken cancellationToken) =>
        tx.Connection!.QuerySingleAsync<LegalHold>(new CommandDefinition($"{Select} WHERE h.id = @holdId", new { holdId }, tx,
            cancellationToken: cancellationToken));

    /// <summary>Places a hold whose motif and reason were checked (<see cref="TracedModification.Check"/>).</summary>
    /// <returns>the hold, or the error to answer with</returns>
    public async Task<(LegalHold? Hold, ErrorDescriptor? Error, string Detail)> PlaceAsync(
        Guid recordingId, string procedure, TracedModification.Stated stated, AccessScope scope, CancellationToken cancellationToken)
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
        var placed = await ledger.RecordAsync(new CustodyRecord(Placed, "recording", recordingId.ToString(), recording.Sha256, stated.Actor,
            new JsonObject { ["hold"] = id.ToString(), ["procedure"] = procedure, ["motif"] = stated.Motif }, accessLog.AuthorOf(stated.Actor, stated.Reason)),
            tx, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO legal_holds (id, recording_id, procedure, placed_by, placed_event) VALUES (@id, @recordingId, @procedure, @by, @placed)
            """, new { id, recordingId, procedure, by = stated.Actor.Subject, placed }, tx, cancellationToken: cancellationToken));
        var hold = await FindAsync(tx, id, cancellationToken);
        // The store's hold goes on before the commit: if the store refuses, nothing is recorded as held.
        await store.HoldAsync(recording.StorageKey, on: true, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (hold, null, "");
    }

    private sealed record LockedRecording(string Sha256, string Status, string StorageKey);

    /// <summary>Lifts a hold; its motif and reason were checked (<see cref="TracedModification.Check"/>).</summary>
    public async Task<(LegalHold? Hold, ErrorDescriptor? Error, string Detail)> LiftAsync(
        Guid recordingId, Guid holdId, TracedModification.Stated stated, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var procedure = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition($"""
            UPDATE legal_holds SET lifted_by = @by, lifted_at = now()
            WHERE id = @holdId AND recording_id = @recordingId AND lifted_at IS NULL
              AND EXISTS (SELECT 1 FROM recordings r WHERE r.id = @recordingId AND {scope.Recordings("r")})
            RETURNING procedure
            """, scope.Parameters(clock, new { holdId, recordingId, by = stated.Actor.Subject }), tx, cancellationToken: cancellationToken));
        if (procedure is null) return (null, EvidenceErrors.HoldNotFound, $"Recording {recordingId} has no active hold {holdId}.");
        var recording = await connection.QuerySingleAsync<LockedRecording>(new CommandDefinition(
            "SELECT sha256, status, storage_key AS StorageKey FROM recordings WHERE id = @recordingId FOR UPDATE", new { recordingId }, tx,
            cancellationToken: cancellationToken));
        var lifted = await ledger.RecordAsync(new CustodyRecord(Lifted, "recording", recordingId.ToString(), recording.Sha256, stated.Actor,
            new JsonObject { ["hold"] = holdId.ToString(), ["procedure"] = procedure, ["motif"] = stated.Motif }, accessLog.AuthorOf(stated.Actor, stated.Reason)),
            tx, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE legal_holds SET lifted_event = @lifted WHERE id = @holdId",
            new { lifted, holdId }, tx, cancellationToken: cancellationToken));
        // The store keeps one hold per object: it comes off only with the recording's last active hold.
        var stillHeld = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM legal_holds WHERE recording_id = @recordingId AND lifted_at IS NULL)", new { recordingId }, tx,
            cancellationToken: cancellationToken));
        if (!stillHeld) await store.HoldAsync(recording.StorageKey, on: false, cancellationToken);
        var hold = await FindAsync(tx, holdId, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (hold, null, "");
    }
}
