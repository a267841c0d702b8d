using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Exports;

/// <summary>Cases: a procedure number, its recordings (by id or by camera, officer and time range) and who may see it.</summary>
public sealed class CaseCatalog(NpgsqlDataSource dataSource, ICustodyLedger ledger, TimeProvider clock)
{
    public const string Opened = "case.opened";

    private sealed record Row(Guid Id, string Procedure, string? Title, string CreatedBy, DateTime CreatedAt);

    public async Task<(CaseView? Case, ErrorDescriptor? Error, string Detail)> CreateAsync(
        CreateCaseRequest request, CustodyActor actor, CancellationToken cancellationToken)
    {
        var procedure = request.Procedure?.Trim();
        if (string.IsNullOrEmpty(procedure)) return (null, EvidenceErrors.ProcedureRequired, "A case must name its procedure number.");
        if (procedure.Length > 200) return (null, ExportErrors.BadExportRequest, "The procedure number must be at most 200 characters.");
        var byFilter = request.Camera is not null || request.Officer is not null || request.From is not null || request.To is not null;
        if (request.Recordings is not { Count: > 0 } && !byFilter)
            return (null, ExportErrors.NoRecordings, "Choose recordings by id, or by camera, officer and time range.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = (request.Recordings ?? []).Distinct().ToList();
        var known = (await connection.QueryAsync<Guid>(new CommandDefinition("SELECT id FROM recordings WHERE id = ANY(@ids)",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
        if (ids.FirstOrDefault(id => !known.Contains(id)) is var missing && missing != Guid.Empty)
            return (null, EvidenceErrors.RecordingNotFound, $"No recording has the id {missing}.");
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
            INSERT INTO case_recordings (case_id, recording_id) SELECT @id, unnest(@ids);
            INSERT INTO case_viewers (case_id, subject) SELECT @id, unnest(@viewers);
            """, new { id, procedure, title = request.Title?.Trim(), service = request.Service?.Trim(), by = actor.Subject, ids = ids.ToArray(), viewers }, tx,
            cancellationToken: cancellationToken));
        await ledger.RecordAsync(new CustodyRecord(Opened, "case", id.ToString(), null, actor, new JsonObject
        {
            ["procedure"] = procedure, ["recordings"] = new JsonArray([.. ids.Select(r => (JsonNode)r.ToString())]),
            ["viewers"] = new JsonArray([.. viewers.Select(v => (JsonNode)v)]),
        }), tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (await FindAsync(id, AccessScope.Everything, cancellationToken), null, "");
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
