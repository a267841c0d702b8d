using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Exports;

/// <summary>
/// Cases: a procedure number, its recordings (by id or by camera, officer and time range) and who may see it. Recordings
/// enter a case one way, <see cref="AddRecordingsAsync"/>, whether the case is opened with them or they are added later
/// (CaseWork): a modification of the case's data, traced with its motif, reason and author (R241-5).
/// </summary>
public sealed class CaseCatalog(NpgsqlDataSource dataSource, ICustodyLedger ledger, AccessLog accessLog, TimeProvider clock)
{
    public const string Opened = "case.opened";
    public const string RecordingsAdded = "case.recordings.added";

    /// <summary>What the words of an addition of recordings say, as a refusal asks for them.</summary>
    public const string AddReasonAsk = "say why these recordings belong to the case";

    /// <param name="CreatedBy">null once erased (<see cref="Retention.PersonalErasure"/>)</param>
    private sealed record Row(Guid Id, string Procedure, string? Title, string? CreatedBy, DateTime CreatedAt);

    /// <param name="request">its <c>Motif</c> and <c>Reason</c> as the caller stated them (body, else query, else headers: <see cref="AccessReason"/>)</param>
    public async Task<(CaseView? Case, ErrorDescriptor? Error, string Detail)> CreateAsync(
        CreateCaseRequest request, CustodyActor actor, CancellationToken cancellationToken)
    {
        var procedure = request.Procedure?.Trim();
        if (string.IsNullOrEmpty(procedure)) return (null, EvidenceErrors.ProcedureRequired, "A case must name its procedure number.");
        if (procedure.Length > 200) return (null, ExportErrors.BadExportRequest, "The procedure number must be at most 200 characters.");
        var byFilter = request.Camera is not null || request.Officer is not null || request.From is not null || request.To is not null;
        if (request.Recordings is not { Count: > 0 } && !byFilter)
            return (null, ExportErrors.NoRecordings, "Choose recordings by id, or by camera, officer and time range.");
        // A case always opens with recordings (above), so opening one always states why, as adding them later does.
        if (TracedModification.Check(actor, request.Motif, request.Reason, reasonAsk: AddReasonAsk) is { } refused)
            return (null, refused.Error, refused.Detail);
        var stated = new TracedModification.Stated(actor, request.Motif!, request.Reason!);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = (request.Recordings ?? []).Distinct().ToList();
        if (byFilter)
            ids.AddRange((await connection.QueryAsync<Guid>(new CommandDefinition("""
                SELECT id FROM recordings WHERE status <> 'purged'
                AND (@camera::text IS NULL OR camera = @camera) AND (@officer::text IS NULL OR officer = @officer)
                AND (@from::timestamptz IS NULL OR coalesce(recorded_at, received_at) >= @from)
                AND (@to::timestamptz IS NULL OR coalesce(recorded_at, received_at) < @to)
                ORDER BY coalesce(recorded_at, received_at) LIMIT 10000
                """, new { camera = request.Camera, officer = request.Officer, from = request.From?.UtcDateTime, to = request.To?.UtcDateTime },
                cancellationToken: cancellationToken))).Except(ids));
        if (ids.Count == 0) return (null, ExportErrors.NoRecordings, "No recording matches this camera, officer and time range.");

        var id = Guid.CreateVersion7();
        var viewers = (request.Viewers ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToArray();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO cases (id, procedure, title, service, created_by) VALUES (@id, @procedure, @title, @service, @by);
            INSERT INTO case_viewers (case_id, subject) SELECT @id, unnest(@viewers);
            """, new { id, procedure, title = request.Title?.Trim(), service = request.Service?.Trim(), by = actor.Subject, viewers }, tx,
            cancellationToken: cancellationToken));
        // The author's subject and the viewers' (magistrates' subjects name them) are personal data of a traced
        // modification: in the erasable personal part, kept AccessLogDays, never the leaf (leaf version 3). Events
        // written before named both in the leaf and still verify as written.
        var personal = accessLog.AuthorOf(actor)!;
        if (viewers.Length > 0) personal.Fields[TracedPersonal.Viewers] = new JsonArray([.. viewers.Select(v => (JsonNode)v)]);
        await ledger.RecordAsync(new CustodyRecord(Opened, "case", id.ToString(), null, actor, new JsonObject
        {
            ["procedure"] = procedure, ["recordings"] = new JsonArray([.. ids.Select(r => (JsonNode)r.ToString())]),
        }, personal), tx, cancellationToken);
        // An unknown recording refuses the whole case: the transaction, with the row and its opening, is rolled back.
        var (_, error, detail) = await AddRecordingsAsync(tx, id, procedure, ids, stated, cancellationToken);
        if (error is not null) return (null, error, detail);
        await tx.CommitAsync(cancellationToken);
        return (await FindAsync(id, AccessScope.Everything, cancellationToken), null, "");
    }

    /// <summary>
    /// Puts <paramref name="recordings"/> in the case inside <paramref name="transaction"/> and traces it
    /// (<see cref="TracedModification"/>): one <see cref="RecordingsAdded"/> event naming those not yet in the case, its
    /// motif in the leaf, the author and the reason in the personal part. The caller has checked the case exists.
    /// </summary>
    /// <returns>the ids added, or the error to answer with (an unknown recording; nothing written then)</returns>
    internal async Task<(IReadOnlyList<Guid>? Added, ErrorDescriptor? Error, string Detail)> AddRecordingsAsync(NpgsqlTransaction transaction,
        Guid caseId, string procedure, IReadOnlyList<Guid> recordings, TracedModification.Stated stated, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var ids = recordings.Distinct().ToArray();
        var known = (await connection.QueryAsync<Guid>(new CommandDefinition("SELECT id FROM recordings WHERE id = ANY(@ids)",
            new { ids }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        if (ids.FirstOrDefault(id => !known.Contains(id)) is var missing && missing != Guid.Empty)
            return (null, EvidenceErrors.RecordingNotFound, $"No recording has the id {missing}.");
        var added = (await connection.QueryAsync<Guid>(new CommandDefinition("""
            INSERT INTO case_recordings (case_id, recording_id) SELECT @caseId, unnest(@ids)
            ON CONFLICT DO NOTHING RETURNING recording_id
            """, new { caseId, ids }, transaction, cancellationToken: cancellationToken))).ToList();
        if (added.Count > 0)
            await ledger.RecordAsync(new CustodyRecord(RecordingsAdded, "case", caseId.ToString(), null, stated.Actor, new JsonObject
            {
                ["procedure"] = procedure, ["motif"] = stated.Motif, ["recordings"] = new JsonArray([.. added.Select(r => (JsonNode)r.ToString())]),
            }, accessLog.AuthorOf(stated.Actor, stated.Reason)), transaction, cancellationToken);
        return (added, null, "");
    }

    /// <summary>The latest cases within <paramref name="scope"/> (every case for operators, those that name a magistrate for them).</summary>
    public Task<IReadOnlyList<CaseView>> ListAsync(AccessScope scope, CancellationToken cancellationToken) =>
        QueryAsync("true", "ORDER BY c.created_at DESC LIMIT 500", null, scope, cancellationToken);

    /// <returns>the case, or null when it does not exist or is out of <paramref name="scope"/></returns>
    public async Task<CaseView?> FindAsync(Guid id, AccessScope scope, CancellationToken cancellationToken) =>
        (await QueryAsync("c.id = @id", "", new { id }, scope, cancellationToken)).FirstOrDefault();

    private async Task<IReadOnlyList<CaseView>> QueryAsync(string condition, string tail, object? values, AccessScope scope,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT c.id, c.procedure, c.title, c.created_by AS CreatedBy, c.created_at AS CreatedAt FROM cases c
            WHERE {condition} AND {scope.Cases("c")} {tail}
            """, scope.Parameters(clock, values), cancellationToken: cancellationToken))).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var recordings = (await connection.QueryAsync<(Guid CaseId, Guid RecordingId)>(new CommandDefinition(
            "SELECT case_id, recording_id FROM case_recordings WHERE case_id = ANY(@ids)", new { ids },
            cancellationToken: cancellationToken))).ToLookup(r => r.CaseId, r => r.RecordingId);
        var viewers = (await connection.QueryAsync<(Guid CaseId, string Subject)>(new CommandDefinition(
            "SELECT case_id, subject FROM case_viewers WHERE case_id = ANY(@ids) ORDER BY subject", new { ids },
            cancellationToken: cancellationToken))).ToLookup(r => r.CaseId, r => r.Subject);
        return rows.Select(r => new CaseView(r.Id, r.Procedure, r.Title, r.CreatedBy, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
            [.. recordings[r.Id]], [.. viewers[r.Id]])).ToList();
    }
}
