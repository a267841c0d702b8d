using Cameras.Evidence.Access;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Exports;

/// <summary>Reads and updates export rows; creation goes through <see cref="ExportRequests"/>, with its ledger events.</summary>
public sealed class ExportCatalog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Requested = "export_requested";

    private sealed record Row(
        Guid Id, Guid? CaseId, string Procedure, string Reason, bool Playback, string? CreatedBy, DateTime CreatedAt, string Status,
        float Progress, string? Error, string? ObjectKey, long? Size, string? ManifestSha256, DateTime? SealedAt, int Attempts, string Motif);

    private sealed record ShareRow(Guid ExportId, string? Magistrate, string? SharedBy, DateTime SharedAt, DateTime ExpiresAt, string? Service);

    /// <summary>An export row with what the builder and the download need beside the view.</summary>
    public sealed record Export(ExportView View, string? ObjectKey);

    private const string Columns = """
        id, case_id AS CaseId, procedure, reason, playback, created_by AS CreatedBy, created_at AS CreatedAt, status, progress, error,
        object_key AS ObjectKey, size, manifest_sha256 AS ManifestSha256, sealed_at AS SealedAt, attempts, motif
        """;

    /// <returns>the export, or null when it does not exist or is out of <paramref name="scope"/></returns>
    public async Task<Export?> FindAsync(Guid id, AccessScope scope, CancellationToken cancellationToken) =>
        (await QueryAsync("x.id = @id", "", new { id }, scope, cancellationToken)).FirstOrDefault();

    /// <summary>The latest exports within <paramref name="scope"/> (every one for operators, those shared with a magistrate for them).</summary>
    public Task<IReadOnlyList<Export>> ListAsync(AccessScope scope, CancellationToken cancellationToken) =>
        QueryAsync("true", "ORDER BY x.created_at DESC LIMIT 500", null, scope, cancellationToken);

    public async Task<IReadOnlyList<Guid>> ItemsAsync(Guid exportId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT recording_id FROM export_items WHERE export_id = @exportId ORDER BY position", new { exportId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Takes a pending (or building: a retry, or a run taken over after a crash) export for one more build attempt.
    /// The last failure stays in <c>error</c> while the next attempt runs, so it remains visible until one succeeds.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE exports SET status = 'building', progress = 0, attempts = attempts + 1, progressed_at = now()
            WHERE id = @id AND status IN ('pending', 'building')
            """, new { id }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task ProgressAsync(Guid id, double progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE exports SET progress = @progress, progressed_at = now() WHERE id = @id AND status = 'building'",
            new { id, progress = (float)progress }, cancellationToken: cancellationToken));
    }

    /// <summary>Keeps a failed attempt's error on an export that will be tried again; its status stays building.</summary>
    public async Task AttemptFailedAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE exports SET error = @error WHERE id = @id AND status = 'building'",
            new { id, error }, cancellationToken: cancellationToken));
    }

    /// <summary>Exports waiting for a worker (a notification missed), oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM exports WHERE status = 'pending' ORDER BY created_at LIMIT 100", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Building exports that have shown no sign of life for <paramref name="stalledAfter"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> StalledAsync(TimeSpan stalledAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM exports WHERE status = 'building' AND progressed_at < now() - @stalledAfter
            ORDER BY progressed_at LIMIT 100
            """, new { stalledAfter }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The share of <paramref name="exportId"/> with <paramref name="magistrate"/>: its expiry and the magistrate's service.</summary>
    public async Task<(DateTime ExpiresAt, bool Found, string? Service)> ShareAsync(Guid exportId, string magistrate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var share = await connection.QuerySingleOrDefaultAsync<(DateTime ExpiresAt, string? Service)?>(new CommandDefinition(
            "SELECT expires_at, service FROM export_shares WHERE export_id = @exportId AND magistrate = @magistrate", new { exportId, magistrate },
            cancellationToken: cancellationToken));
        return share is { } s ? (s.ExpiresAt, true, s.Service) : (default, false, null);
    }

    private async Task<IReadOnlyList<Export>> QueryAsync(string condition, string tail, object? values, AccessScope scope,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM exports x WHERE {condition} AND {scope.Exports("x")} {tail}", scope.Parameters(clock, values),
            cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var items = (await connection.QueryAsync<(Guid ExportId, Guid RecordingId)>(new CommandDefinition(
            "SELECT export_id, recording_id FROM export_items WHERE export_id = ANY(@ids) ORDER BY export_id, position", new { ids },
            cancellationToken: cancellationToken))).ToLookup(i => i.ExportId, i => i.RecordingId);
        var shares = (await connection.QueryAsync<ShareRow>(new CommandDefinition("""
            SELECT export_id AS ExportId, magistrate, shared_by AS SharedBy, shared_at AS SharedAt, expires_at AS ExpiresAt, service
            FROM export_shares WHERE export_id = ANY(@ids) ORDER BY shared_at
            """, new { ids }, cancellationToken: cancellationToken))).ToLookup(s => s.ExportId);
        return rows.Select(r => new Export(new ExportView(r.Id, r.CaseId, r.Procedure, r.Reason, r.Playback, r.CreatedBy, Utc(r.CreatedAt),
            r.Status, r.Progress, r.Error, r.Size, r.ManifestSha256, r.SealedAt is { } s ? Utc(s) : null, [.. items[r.Id]],
            [.. shares[r.Id].Select(s => new ShareView(s.Magistrate, s.SharedBy, Utc(s.SharedAt), Utc(s.ExpiresAt), Link(r.Id), s.Service))], r.Attempts, r.Motif),
            r.ObjectKey)).ToList();
    }

    public static string Link(Guid exportId) => $"/api/exports/{exportId}/package";

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
