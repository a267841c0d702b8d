using Cameras.Evidence.Access;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Retention;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Review;

/// <summary>
/// What the Affaires page does to a case beyond opening it: the list with counts, adding recordings, and holds on all
/// its recordings at once (each hold placed or lifted through <see cref="LegalHolds"/>, with its own custody event).
/// Adding recordings is a modification of the case's data (<see cref="TracedModification"/>), written and traced by
/// <see cref="CaseCatalog.AddRecordingsAsync"/>, the same path as a case opened with recordings.
/// </summary>
public sealed class CaseWork(NpgsqlDataSource dataSource, CaseCatalog cases, LegalHolds holds)
{
    private sealed record SummaryRow(Guid Id, string Procedure, string? Title, string? Service, DateTime CreatedAt, long Recordings, long Held, long Exports);

    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition("""
            SELECT c.id, c.procedure, c.title, c.service, c.created_at AS CreatedAt,
                   (SELECT count(*) FROM case_recordings cr WHERE cr.case_id = c.id) AS Recordings,
                   (SELECT count(DISTINCT cr.recording_id) FROM case_recordings cr JOIN legal_holds h ON h.recording_id = cr.recording_id
                    WHERE cr.case_id = c.id AND h.lifted_at IS NULL AND h.procedure = c.procedure) AS Held,
                   (SELECT count(*) FROM exports e WHERE e.case_id = c.id) AS Exports
            FROM cases c ORDER BY c.created_at DESC LIMIT 500
            """, cancellationToken: cancellationToken));
        return rows.Select(r => new CaseSummary(r.Id, r.Procedure, r.Title, r.Service, new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
            (int)r.Recordings, (int)r.Held, (int)r.Exports)).ToList();
    }

    /// <returns>the ids added (those not yet in the case), or the error to answer with</returns>
    public async Task<(IReadOnlyList<Guid>? Added, ErrorDescriptor? Error, string Detail)> AddRecordingsAsync(
        Guid caseId, IReadOnlyList<Guid> recordings, TracedModification.Stated stated, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var procedure = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT procedure FROM cases WHERE id = @caseId FOR UPDATE", new { caseId }, tx, cancellationToken: cancellationToken));
        if (procedure is null) return (null, ExportErrors.CaseNotFound, $"No case has the id {caseId}.");
        var (added, error, detail) = await cases.AddRecordingsAsync(tx, caseId, procedure, recordings, stated, cancellationToken);
        if (error is not null) return (null, error, detail);
        await tx.CommitAsync(cancellationToken);
        return (added, null, "");
    }

    public Task<IReadOnlyList<LegalHold>> HoldsAsync(Guid caseId, CancellationToken cancellationToken) =>
        holds.ForCaseAsync(caseId, cancellationToken);

    /// <summary>Holds every recording of the case not already held for its procedure.</summary>
    public async Task<(int Placed, ErrorDescriptor? Error, string Detail)> HoldAsync(Guid caseId, TracedModification.Stated stated, CancellationToken cancellationToken)
    {
        var (procedure, pending) = await UnheldAsync(caseId, cancellationToken);
        if (procedure is null) return (0, ExportErrors.CaseNotFound, $"No case has the id {caseId}.");
        var placed = 0;
        // Case work is for operators and admins (CaseWorkEndpoints), who reach every recording.
        foreach (var recordingId in pending)
        {
            var (hold, error, detail) = await holds.PlaceAsync(recordingId, procedure, stated, AccessScope.Everything, cancellationToken);
            if (hold is not null) placed++;
            else if (error != EvidenceErrors.RecordingPurged) return (placed, error, detail);
        }
        return (placed, null, "");
    }

    /// <summary>Lifts the case's active holds (those placed for its procedure).</summary>
    public async Task<(int Lifted, ErrorDescriptor? Error, string Detail)> LiftAsync(Guid caseId, TracedModification.Stated stated, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var procedure = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT procedure FROM cases WHERE id = @caseId", new { caseId }, cancellationToken: cancellationToken));
        if (procedure is null) return (0, ExportErrors.CaseNotFound, $"No case has the id {caseId}.");
        var active = (await connection.QueryAsync<(Guid Id, Guid RecordingId)>(new CommandDefinition("""
            SELECT h.id, h.recording_id FROM legal_holds h JOIN case_recordings cr ON cr.recording_id = h.recording_id
            WHERE cr.case_id = @caseId AND h.procedure = @procedure AND h.lifted_at IS NULL
            """, new { caseId, procedure }, cancellationToken: cancellationToken))).ToList();
        if (active.Count == 0) return (0, ReviewErrors.NothingHeld, $"Case {caseId} has no active hold for procedure {procedure}.");
        var lifted = 0;
        foreach (var (holdId, recordingId) in active)
            if ((await holds.LiftAsync(recordingId, holdId, stated, AccessScope.Everything, cancellationToken)).Hold is not null) lifted++;
        return (lifted, null, "");
    }

    private async Task<(string? Procedure, IReadOnlyList<Guid> Unheld)> UnheldAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var procedure = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT procedure FROM cases WHERE id = @caseId", new { caseId }, cancellationToken: cancellationToken));
        if (procedure is null) return (null, []);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT cr.recording_id FROM case_recordings cr WHERE cr.case_id = @caseId AND NOT EXISTS (
                SELECT 1 FROM legal_holds h WHERE h.recording_id = cr.recording_id AND h.procedure = @procedure AND h.lifted_at IS NULL)
            ORDER BY cr.recording_id
            """, new { caseId, procedure }, cancellationToken: cancellationToken));
        return (procedure, ids.ToList());
    }
}
